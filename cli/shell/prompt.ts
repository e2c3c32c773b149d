import { createInterface } from "node:readline";

/** Questions to the operator (a destructive step's confirmation). */
export interface Prompt {
  /** Someone can answer: stdin and stderr are terminals. */
  readonly interactive: boolean;
  /** Asks on stderr; resolves with the line typed, or null when input ended without one. */
  ask(question: string): Promise<string | null>;
}

/** No one to ask (scripts, CI, tests): every question goes unanswered. */
export const noPrompt: Prompt = { interactive: false, ask: async () => null };

interface InputStream extends NodeJS.ReadableStream {
  readonly isTTY?: boolean;
}
interface OutputStream extends NodeJS.WritableStream {
  readonly isTTY?: boolean;
}

/** Asks on `output` and reads one line of `input` (process.stdin and process.stderr). */
export function terminalPrompt(input: InputStream, output: OutputStream): Prompt {
  return {
    interactive: input.isTTY === true && output.isTTY === true,
    ask: (question) =>
      new Promise((resolve) => {
        const lines = createInterface({ input, output, terminal: false });
        let answered = false;
        lines.once("line", (line) => {
          answered = true;
          lines.close();
          resolve(line);
        });
        lines.once("close", () => {
          if (!answered) resolve(null);
        });
        output.write(question);
      }),
  };
}

/** Answers from a list, in order, and keeps the questions (tests). */
export function scriptedPrompt(
  answers: readonly (string | null)[],
  interactive = true,
): Prompt & { readonly questions: string[] } {
  const queue = [...answers];
  const questions: string[] = [];
  return {
    interactive,
    questions,
    ask: async (question) => {
      questions.push(question);
      return queue.length > 0 ? (queue.shift() ?? null) : null;
    },
  };
}
