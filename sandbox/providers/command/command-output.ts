/** Which streams a Command shows in the CLI (the official `logging` input). */
export type Logging = "stdout" | "stderr" | "stdoutAndStderr" | "none";

/** Result of one command run. */
export interface CommandResult {
  stdout: string;
  stderr: string;
}

/** Receives output as it arrives, tagged with its stream. */
export type OutputSink = (stream: "stdout" | "stderr", text: string) => void;

/** Collects a run's output; `combined` keeps both streams in arrival order for error messages. */
export class OutputCollector {
  private readonly out: string[] = [];
  private readonly err: string[] = [];
  private readonly both: string[] = [];

  constructor(private readonly sink: OutputSink) {}

  /** Adds a chunk from one stream. */
  add(stream: "stdout" | "stderr", chunk: Buffer | string): void {
    const text = chunk.toString();
    (stream === "stdout" ? this.out : this.err).push(text);
    this.both.push(text);
    this.sink(stream, text);
  }

  /** stdout and stderr with one trailing newline removed, as the official provider returns them. */
  result(): CommandResult {
    const trim = (parts: string[]): string => parts.join("").replace(/\n$/, "");
    return { stdout: trim(this.out), stderr: trim(this.err) };
  }

  /** Both streams interleaved. */
  combined(): string {
    return this.both.join("");
  }
}

/** A sink that logs each complete line of the selected streams. */
export function loggingSink(logging: Logging, write: (line: string) => void): OutputSink {
  const pending: Record<"stdout" | "stderr", string> = { stdout: "", stderr: "" };
  return (stream, text) => {
    if (logging === "none" || (logging !== "stdoutAndStderr" && logging !== stream)) return;
    const lines = (pending[stream] + text).split("\n");
    pending[stream] = lines.pop() ?? "";
    for (const line of lines) write(line);
  };
}
