/** Colours that disappear when output is not a terminal. */
export interface Styles {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

/**
 * Where the CLI writes: results on stdout (what scripts read), progress and errors on stderr.
 * Colour only when the stream is a terminal and NO_COLOR is unset.
 */
export interface Terminal {
  /** stdout is a terminal (the live status view redraws in place only then). */
  readonly interactive: boolean;
  /** Styles for stdout. */
  readonly style: Styles;
  /** Styles for stderr. */
  readonly errStyle: Styles;
  out(text: string): void;
  err(text: string): void;
}

const sgr = (open: number, close: number) => (text: string) =>
  `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string) => text;

/** Styles with or without ANSI colour. */
export function styles(color: boolean): Styles {
  if (!color) {
    return { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };
  }
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}

interface Stream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** A terminal over two streams; `env` decides NO_COLOR. */
export function createTerminal(
  stdout: Stream,
  stderr: Stream,
  env: Readonly<Record<string, string | undefined>>,
): Terminal {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  return {
    interactive: stdout.isTTY === true,
    style: styles(stdout.isTTY === true && !noColor),
    errStyle: styles(stderr.isTTY === true && !noColor),
    out: (text) => void stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    err: (text) => void stderr.write(text.endsWith("\n") ? text : `${text}\n`),
  };
}

/** The same terminal with stderr silenced: results only (`--json`); errors are printed by run-cli. */
export function quietTerminal(term: Terminal): Terminal {
  return { ...term, err: () => undefined };
}

/** A terminal that keeps what was written (tests). */
export function recordingTerminal(): Terminal & {
  readonly stdout: string[];
  readonly stderr: string[];
} {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    interactive: false,
    style: styles(false),
    errStyle: styles(false),
    stdout,
    stderr,
    out: (text) => void stdout.push(text.replace(/\n$/, "")),
    err: (text) => void stderr.push(text.replace(/\n$/, "")),
  };
}
