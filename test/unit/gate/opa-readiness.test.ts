import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../core/clock";
import { waitForOpa } from "../../../gate/opa-readiness";

/** A fetch answering each attempt from a list: a status, or an error to throw. */
function attempts(...answers: (number | Error)[]): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch: async (url) => {
      urls.push(String(url));
      const answer = answers[Math.min(urls.length - 1, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return new Response("{}", { status: answer });
    },
  };
}

describe("waitForOpa", () => {
  it("polls /health until OPA answers, pausing between attempts", async () => {
    const clock = new ManualClock(0);
    const pauses: number[] = [];
    const { fetch, urls } = attempts(new Error("ECONNREFUSED"), 500, 200);
    await waitForOpa({
      baseUrl: "http://127.0.0.1:9/",
      clock,
      fetch,
      intervalMs: 50,
      sleep: async (ms) => {
        pauses.push(ms);
        clock.advance(ms);
      },
    });
    expect(urls).toEqual(Array(3).fill("http://127.0.0.1:9/health"));
    expect(pauses).toEqual([50, 50]);
  });

  it("gives up at the deadline with the last problem", async () => {
    const clock = new ManualClock(0);
    const { fetch, urls } = attempts(503);
    const waiting = waitForOpa({
      baseUrl: "http://127.0.0.1:9",
      clock,
      fetch,
      timeoutMs: 1000,
      intervalMs: 100,
      sleep: async (ms) => clock.advance(ms),
    });
    await expect(waiting).rejects.toThrow(
      "OPA at http://127.0.0.1:9 was not ready after 1000 ms (10 attempts).\n  - last problem: GET /health answered HTTP 503",
    );
    expect(urls).toHaveLength(10);
  });
});
