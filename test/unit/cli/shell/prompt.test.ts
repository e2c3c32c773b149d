import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { terminalPrompt } from "../../../../cli/shell/prompt";

function streams(tty: boolean) {
  const input = Object.assign(new PassThrough(), { isTTY: tty });
  const output = Object.assign(new PassThrough(), { isTTY: tty });
  let shown = "";
  output.on("data", (chunk: Buffer) => (shown += chunk.toString("utf8")));
  return { input, output, shown: () => shown };
}

describe("terminalPrompt", () => {
  it("asks on the output and resolves with the line typed", async () => {
    const io = streams(true);
    const prompt = terminalPrompt(io.input, io.output);
    expect(prompt.interactive).toBe(true);
    const answer = prompt.ask("Type the stack's name (prod) to go ahead: ");
    io.input.write("prod\nextra\n");
    expect(await answer).toBe("prod");
    expect(io.shown()).toBe("Type the stack's name (prod) to go ahead: ");
  });

  it("resolves null when the input ends without a line", async () => {
    const io = streams(true);
    const answer = terminalPrompt(io.input, io.output).ask("? ");
    io.input.end();
    expect(await answer).toBeNull();
  });

  it("is not interactive unless both input and output are terminals", () => {
    const pipe = streams(false);
    expect(terminalPrompt(pipe.input, pipe.output).interactive).toBe(false);
    const half = streams(true);
    expect(terminalPrompt(half.input, streams(false).output).interactive).toBe(false);
  });
});
