import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** A temporary directory removed by `cleanup` (call it in afterEach/afterAll). */
export function tempDir(prefix: string): {
  dir: string;
  file(name: string): string;
  cleanup(): void;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sd-detector-${prefix}-`));
  return {
    dir,
    file: (name) => path.join(dir, name),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Appends text to a file (creating it), as a writer with O_APPEND does. */
export function append(file: string, text: string): void {
  fs.appendFileSync(file, text);
}

/** Polls `check` every 20 ms until it returns true; fails with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
