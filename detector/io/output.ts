/** Where the CLI writes: decisions as JSON lines, and its own structured log. */
export interface Output {
  /** One JSON object per line on stdout (buffered until `flush`). */
  json(value: unknown): void;
  /** A structured log line on stderr. */
  log(level: "info" | "warn" | "error", msg: string, fields?: Record<string, unknown>): void;
  flush(): void;
}

/** Output to the process's stdout and stderr. */
export function processOutput(
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
): Output {
  let pending: string[] = [];
  let size = 0;
  return {
    json(value) {
      const line = `${JSON.stringify(value)}\n`;
      pending.push(line);
      size += line.length;
      if (size > 1 << 16) this.flush();
    },
    log(level, msg, fields) {
      stderr.write(
        `${JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields })}\n`,
      );
    },
    flush() {
      if (pending.length === 0) return;
      stdout.write(pending.join(""));
      pending = [];
      size = 0;
    },
  };
}
