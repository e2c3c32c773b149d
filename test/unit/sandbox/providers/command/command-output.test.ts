import { describe, expect, it } from "vitest";
import {
  loggingSink,
  OutputCollector,
} from "../../../../../sandbox/providers/command/command-output";

describe("command output", () => {
  it("trims one trailing newline, keeps both streams interleaved for errors", () => {
    const collector = new OutputCollector(() => undefined);
    collector.add("stdout", "a\n");
    collector.add("stderr", "warn\n");
    collector.add("stdout", "b\n\n");
    expect(collector.result()).toEqual({ stdout: "a\nb\n", stderr: "warn" });
    expect(collector.combined()).toBe("a\nwarn\nb\n\n");
  });

  it.each([
    ["stdoutAndStderr", ["out one", "err one"]],
    ["stdout", ["out one"]],
    ["stderr", ["err one"]],
    ["none", []],
  ] as const)("logs whole lines of the streams chosen by logging: %s", (logging, expected) => {
    const lines: string[] = [];
    const sink = loggingSink(logging, (line) => lines.push(line));
    sink("stdout", "out ");
    sink("stderr", "err one\n");
    sink("stdout", "one\npartial");
    expect(lines.sort()).toEqual([...expected].sort());
  });
});
