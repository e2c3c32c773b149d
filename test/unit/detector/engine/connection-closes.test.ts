import { describe, expect, it } from "vitest";
import type { BanDecision } from "../../../../detector/decide/decision";
import { engineRun, steady, traffic } from "../../../kit/detector/lines";

// What Nginx logs when it cuts a client rather than answering it: 408 (a header or body timeout:
// slowloris), 429 (limit_req / limit_conn), 413 (an oversized body), 444 (closed without an
// answer), 499 (the client gave up). Each is an error for the error-share rule, as any 4xx.
describe.each([408, 413, 429, 444, 499])("a client whose requests end in %i", (status) => {
  it("is banned at a lower rate under the error-share rule", () => {
    const crowd = Array.from({ length: 20 }, (_, i) => steady(`198.51.100.${i}`, i, 600, 0.3));
    const run = engineRun();
    run.feed(
      traffic(
        ...crowd,
        steady("203.0.113.80", 300, 120, 2, status),
        steady("203.0.113.81", 300, 120, 2, 200),
      ),
    );
    const bans = run.decisions.filter((d): d is BanDecision => d.type === "ban");
    expect(bans.map((b) => [b.ip, b.rule, b.evidence.errorShare])).toEqual([
      ["203.0.113.80", "error-share", 1],
    ]);
  });
});
