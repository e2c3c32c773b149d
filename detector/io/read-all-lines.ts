import fs from "node:fs";
import type { LineSplitter } from "../source/line-splitter";

/** Reads a whole file through `splitter` in large chunks (replay); returns the bytes read. */
export function readAllLines(file: string, splitter: LineSplitter): number {
  const fd = fs.openSync(file, "r");
  let total = 0;
  try {
    for (;;) {
      const space = splitter.space();
      const n = fs.readSync(fd, space.buf, space.offset, space.length, null);
      if (n <= 0) break;
      total += n;
      splitter.commit(n);
    }
  } finally {
    fs.closeSync(fd);
  }
  splitter.flush();
  return total;
}
