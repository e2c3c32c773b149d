import fs from "node:fs";
import type { FileAccess, FileInfo } from "../source/file-access";

function info(st: fs.Stats): FileInfo {
  return { dev: st.dev, ino: st.ino, size: st.size };
}

function missing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR";
}

/** FileAccess over node:fs (synchronous: the daemon reads one file and nothing else). */
export const nodeFileAccess: FileAccess = {
  stat(path) {
    try {
      return info(fs.statSync(path));
    } catch (error) {
      if (missing(error)) return undefined;
      throw error;
    }
  },
  open(path) {
    try {
      return fs.openSync(path, "r");
    } catch (error) {
      if (missing(error)) return undefined;
      throw error;
    }
  },
  fstat: (fd) => info(fs.fstatSync(fd)),
  read: (fd, buf, offset, length, position) => fs.readSync(fd, buf, offset, length, position),
  close: (fd) => fs.closeSync(fd),
  list(dir) {
    try {
      return fs.readdirSync(dir);
    } catch (error) {
      if (missing(error)) return [];
      throw error;
    }
  },
};
