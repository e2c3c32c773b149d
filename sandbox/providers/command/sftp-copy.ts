import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { SFTPWrapper, Stats } from "ssh2";

/** Promisifies one SFTP call; errors name the operation and keep the SFTP status `code`. */
function call<T>(
  what: string,
  fn: (cb: (error: Error | null | undefined, result: T) => void) => void,
): Promise<T> {
  return new Promise((resolve, reject) =>
    fn((error, result) => {
      if (!error) return resolve(result);
      const code = (error as { code?: number }).code;
      reject(Object.assign(new Error(`sftp ${what}: ${error.message}`), { code }));
    }),
  );
}

/** The remote path's stats, or undefined when it does not exist. */
export async function remoteStat(sftp: SFTPWrapper, remote: string): Promise<Stats | undefined> {
  try {
    return await call<Stats>(`stat ${remote}`, (cb) => sftp.stat(remote, cb));
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
    if (stat) continue;
    try {
      await call<void>(`mkdir ${current}`, (cb) => sftp.mkdir(current, (e) => cb(e, undefined)));
    } catch (error) {
      // Another copy to the same host may have created it meanwhile.
      if (!(await remoteStat(sftp, current))?.isDirectory()) throw error;
    }
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
  await call<void>(`write ${dest}`, (cb) => sftp.writeFile(dest, text, (e) => cb(e, undefined)));
}

async function copyDir(sftp: SFTPWrapper, src: string, dest: string): Promise<void> {
  await mkdirp(sftp, dest);
  for (const entry of readdirSync(src).sort()) {
    const from = path.join(src, entry);
    const to = path.posix.join(dest, entry);
    if (statSync(from).isDirectory()) await copyDir(sftp, from, to);
    else
      await call<void>(`copy ${from} to ${to}`, (cb) =>
        sftp.fastPut(from, to, (e) => cb(e, undefined)),
      );
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
  await call<void>(`copy ${src} to ${target}`, (cb) =>
    sftp.fastPut(src, target, (e) => cb(e, undefined)),
  );
}
