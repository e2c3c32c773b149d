import nodeFs from "node:fs";
import path from "node:path";
import { ErrorCode, SwiftDeployError } from "./errors";

/** The file-system calls the writers make: node:fs, or a test twin that fills the disk on purpose. */
export interface WriterFs {
  openSync(file: string, flags: string, mode?: number): number;
  /** Writes from the start of `data`; returns how many bytes the kernel took (maybe fewer). */
  writeSync(fd: number, data: Uint8Array): number;
  fstatSync(fd: number): { size: number };
  fsyncSync(fd: number): void;
  ftruncateSync(fd: number, length: number): void;
  fchmodSync(fd: number, mode: number): void;
  closeSync(fd: number): void;
  statSync(file: string): { mode: number };
  renameSync(from: string, to: string): void;
  linkSync(existing: string, link: string): void;
  rmSync(file: string, options: { force: boolean }): void;
}

/** How `writeFileAtomic` replaces a file. */
export interface AtomicWriteOptions {
  /** Permission bits of the new file (default: the old file's, 0600 for a new one). */
  readonly mode?: number;
  /** fsync the file and its directory (default true); false for frequent, cheap-to-lose writes. */
  readonly durable?: boolean;
  /** Keep the replaced content as `<file>.bak` (a hard link: costs no space). */
  readonly backup?: boolean;
  readonly fs?: WriterFs;
}

/** The backup `writeFileAtomic` keeps of `file` (option `backup`). */
export function backupOf(file: string): string {
  return `${file}.bak`;
}

/**
 * The one way this project replaces a file: write every byte to a temporary file beside it (a short
 * write is retried, a write that makes no progress fails), optionally fsync, optionally keep the old
 * file as `.bak`, rename over the old one, fsync the directory. Any failure removes the temporary
 * file and leaves the old file as it was, so a full disk never leaves a truncated file behind.
 */
export function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): void {
  const fs = options.fs ?? nodeFs;
  const durable = options.durable ?? true;
  const mode = options.mode ?? existingMode(fs, file) ?? 0o600;
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const fd = fs.openSync(tmp, "w", mode);
    try {
      fs.fchmodSync(fd, mode); // the process umask must not narrow a file others read (Nginx)
      writeAll(fs, fd, typeof data === "string" ? Buffer.from(data) : data);
      if (durable) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (options.backup === true) keepBackup(fs, file);
    fs.renameSync(tmp, file);
  } catch (error) {
    removeQuietly(fs, tmp);
    throw writeFailed(file, error, "the previous content is kept");
  }
  if (durable) syncDirectory(fs, path.dirname(file));
}

/**
 * Appends `data` to `file` whole or not at all: a write that fails part-way is cut back to the old
 * length, so a full disk never leaves half a record that the next append would run into.
 */
export function appendFileWhole(
  file: string,
  data: string,
  options: { readonly mode?: number; readonly fs?: WriterFs } = {},
): void {
  const fs = options.fs ?? nodeFs;
  let fd: number;
  try {
    fd = fs.openSync(file, "a", options.mode ?? 0o600);
  } catch (error) {
    throw writeFailed(file, error, "nothing was appended");
  }
  try {
    const start = fs.fstatSync(fd).size;
    try {
      writeAll(fs, fd, Buffer.from(data));
    } catch (error) {
      fs.ftruncateSync(fd, start);
      throw writeFailed(file, error, "nothing was appended");
    }
  } finally {
    fs.closeSync(fd);
  }
}

function writeAll(fs: WriterFs, fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) {
    const n = fs.writeSync(fd, bytes.subarray(done));
    if (n <= 0) throw new Error(`short write: ${done} of ${bytes.length} bytes written`);
    done += n;
  }
}

function keepBackup(fs: WriterFs, file: string): void {
  const backup = backupOf(file);
  fs.rmSync(backup, { force: true });
  try {
    fs.linkSync(file, backup);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error; // no old file yet
  }
}

function existingMode(fs: WriterFs, file: string): number | undefined {
  try {
    return fs.statSync(file).mode & 0o777;
  } catch {
    return undefined;
  }
}

function removeQuietly(fs: WriterFs, file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // the write's own error is the one to report
  }
}

function syncDirectory(fs: WriterFs, dir: string): void {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** What `readJsonWithBackup` found. */
export interface JsonRead {
  /** The parsed content (undefined when neither the file nor its backup could be used). */
  readonly value: unknown;
  /** The file itself was missing beside a backup, or could not be read or parsed. */
  readonly damaged: boolean;
  readonly problems: readonly string[];
}

/** Reads and parses a JSON file; undefined when it does not exist. Unparseable content throws. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = nodeFs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return JSON.parse(text) as unknown;
}

/**
 * Reads a JSON file written with `backup: true`; when the file cannot be used, falls back to its
 * `.bak` (one write older) and says so. A missing file with no backup is simply absent.
 */
export function readJsonWithBackup(file: string): JsonRead {
  let problem: string;
  try {
    const value = readJsonFile(file);
    if (value !== undefined) return { value, damaged: false, problems: [] };
    if (!nodeFs.existsSync(backupOf(file))) return { value, damaged: false, problems: [] };
    problem = `${file}: missing beside its backup`;
  } catch (error) {
    problem = `${file}: ${(error as Error).message}`;
  }
  try {
    const value = readJsonFile(backupOf(file));
    if (value !== undefined)
      return {
        value,
        damaged: true,
        problems: [`${problem}; using ${backupOf(file)} (one save older)`],
      };
    return { value, damaged: true, problems: [`${problem}; no backup; ignoring it`] };
  } catch (error) {
    const bak = `${backupOf(file)}: ${(error as Error).message}`;
    return { value: undefined, damaged: true, problems: [`${problem}; ${bak}; ignoring both`] };
  }
}

function writeFailed(file: string, error: unknown, kept: string): SwiftDeployError {
  const cause = error as NodeJS.ErrnoException;
  const full = cause.code === "ENOSPC" || /short write/.test(cause.message);
  return new SwiftDeployError(
    ErrorCode.WriteFailed,
    `cannot write ${file}: ${cause.message}; ${kept}`,
    full ? [`free space on the file system that holds ${path.dirname(file)}`] : [],
  );
}
