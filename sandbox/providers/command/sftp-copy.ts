import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { SFTPWrapper, Stats } from "ssh2";

function call<T>(
  fn: (cb: (error: Error | null | undefined, result: T) => void) => void,
): Promise<T> {
  return new Promise((resolve, reject) =>
    fn((error, result) => (error ? reject(error) : resolve(result))),
  );
}

/** The remote path's stats, or undefined when it does not exist. */
export async function remoteStat(sftp: SFTPWrapper, remote: string): Promise<Stats | undefined> {
  try {
    return await call<Stats>((cb) => sftp.stat(remote, cb));
  } catch (error) {
    if ((error as { code?: number }).code === 2) return undefined;
    throw new Error(`failed to stat remote path ${remote}: ${(error as Error).message}`);
  }
}

/** `mkdir -p` over SFTP. */
export async function mkdirp(sftp: SFTPWrapper, dir: string): Promise<void> {
  const parts = path.posix.resolve("/", dir).split("/").filter(Boolean);
  let current = dir.startsWith("/") ? "" : ".";
  for (const part of parts) {
    current = `${current}/${part}`;
    const stat = await remoteStat(sftp, current);
    if (stat && !stat.isDirectory())
      throw new Error(`remote path ${current} exists but is not a directory`);
    if (!stat) await call<void>((cb) => sftp.mkdir(current, (e) => cb(e, undefined)));
  }
}

/** Writes text to a remote file (parents created); the path must not be a directory. */
export async function copyText(sftp: SFTPWrapper, text: string, dest: string): Promise<void> {
  if ((await remoteStat(sftp, dest))?.isDirectory()) {
    throw new Error(
      `remote path ${dest} is a directory; when using a text asset, remotePath must be a file path`,
    );
  }
  await mkdirp(sftp, path.posix.dirname(dest));
  await call<void>((cb) => sftp.writeFile(dest, text, (e) => cb(e, undefined)));
}

async function copyDir(sftp: SFTPWrapper, src: string, dest: string): Promise<void> {
  await mkdirp(sftp, dest);
  for (const entry of readdirSync(src).sort()) {
    const from = path.join(src, entry);
    const to = path.posix.join(dest, entry);
    if (statSync(from).isDirectory()) await copyDir(sftp, from, to);
    else await call<void>((cb) => sftp.fastPut(from, to, (e) => cb(e, undefined)));
  }
}

/**
 * Copies a local file or directory with the official semantics: `dir` lands as `dest/dir`
 * (`dest` created if missing), `dir/` copies its contents into `dest`; a file into an existing
 * directory keeps its name, else becomes or overwrites `dest`.
 */
export async function copyPath(sftp: SFTPWrapper, src: string, dest: string): Promise<void> {
  const destStat = await remoteStat(sftp, dest);
  if (statSync(src).isDirectory()) {
    if (destStat && !destStat.isDirectory())
      throw new Error(`remote path ${dest} exists but is not a directory`);
    const target = src.endsWith("/") ? dest : path.posix.join(dest, path.basename(src));
    await copyDir(sftp, src, target);
    return;
  }
  const target = destStat?.isDirectory() ? path.posix.join(dest, path.basename(src)) : dest;
  await mkdirp(sftp, path.posix.dirname(target));
  await call<void>((cb) => sftp.fastPut(src, target, (e) => cb(e, undefined)));
}
