import fs from "node:fs";
import path from "node:path";

/**
 * Replaces `file` with `data` atomically: write a temporary file beside it, optionally fsync it,
 * rename over the old one (and fsync the directory), so a crash leaves the old or the new content,
 * never a torn mix.
 */
export function writeFileAtomic(file: string, data: string, durable: boolean, mode = 0o600): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, "w", mode);
  try {
    fs.fchmodSync(fd, mode); // the process umask must not narrow a file others read (Nginx)
    fs.writeSync(fd, data);
    if (durable) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  if (durable) {
    const dir = fs.openSync(path.dirname(file), "r");
    try {
      fs.fsyncSync(dir);
    } finally {
      fs.closeSync(dir);
    }
  }
}

/** Reads and parses a JSON file; undefined when it does not exist. Unparseable content throws. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return JSON.parse(text) as unknown;
}
