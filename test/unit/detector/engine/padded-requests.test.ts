import { describe, expect, it } from "vitest";
import { LineSplitter } from "../../../../detector/source/line-splitter";
import {
  accessLine,
  bannedIps,
  engineRun,
  steady,
  type EngineRun,
} from "../../../kit/detector/lines";

const ATTACKER = "203.0.113.66";

/** Feeds `text` through the real splitter in `chunkBytes` reads, as replay and the daemon do. */
function splitInto(run: EngineRun, text: string, chunkBytes: number, maxLineBytes = 16_384): void {
  const splitter = new LineSplitter(
    (buf, start, end, ascii) => run.engine.line(buf, start, end, ascii),
    (prefix, length) => run.engine.longLine(prefix, length),
    maxLineBytes,
    chunkBytes,
  );
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; ) {
    const space = splitter.space();
    const n = Math.min(space.length, bytes.length - at);
    bytes.copy(space.buf, space.offset, at, at + n);
    splitter.commit(n);
    at += n;
  }
  splitter.flush();
}

/** A padded flood: `rps` requests a second for `seconds`, each line over 16 KB. */
function paddedFlood(padBytes: number, rps = 100, seconds = 5): string[] {
  return steady(ATTACKER, 0, seconds, rps).map((h) =>
    accessLine(h.ip, h.ms, 200, { user_agent: "A".repeat(padBytes) }),
  );
}

describe("padded requests (log lines over badLines.maxLineBytes)", () => {
  it.each([
    ["inside one read", 1 << 20],
    ["spanning reads", 4096],
  ])("are judged against their client, %s: a padded flood is banned", (_, chunkBytes) => {
    const run = engineRun();
    const lines = paddedFlood(20_000);
    splitInto(run, `${lines.join("\n")}\n`, chunkBytes);
    expect(bannedIps(run.decisions)).toEqual([ATTACKER]);
    const ban = run.decisions.find((d) => d.type === "ban")!;
    expect(ban).toMatchObject({ type: "ban", evidence: { requests: 181 } });
    expect(run.engine.stats()).toMatchObject({ lines: 500, badByReason: { tooLong: 500 } });
  });

  it("count as over-long bad lines all the same (the padding is visible)", () => {
    const run = engineRun();
    splitInto(run, `${paddedFlood(20_000, 1, 3).join("\n")}\n`, 4096);
    expect(run.engine.stats()).toMatchObject({ badLines: 3, badByReason: { tooLong: 3 } });
    expect(run.badSamples[0]).toMatchObject({ reason: "tooLong" });
    expect(run.badSamples[0]!.line.startsWith(`{"source_ip":"${ATTACKER}"`)).toBe(true);
  });

  it("keep the leading fields as the ban's evidence samples", () => {
    const run = engineRun();
    splitInto(run, `${paddedFlood(20_000).join("\n")}\n`, 1 << 20);
    const ban = run.decisions.find((d) => d.type === "ban");
    const samples = ban?.type === "ban" ? ban.evidence.samples : [];
    expect(samples.length).toBeGreaterThan(0);
    for (const sample of samples) expect(sample).toContain(`"source_ip":"${ATTACKER}"`);
  });

  it("count an over-long line whose status lies past its readable start, as a request without a status", () => {
    const run = engineRun();
    const line = `{"source_ip":"${ATTACKER}","timestamp":"2026-04-27T00:00:00+00:00","path":"/${"p".repeat(30_000)}","status":404}`;
    splitInto(run, `${line}\n`, 4096);
    expect(run.engine.stats()).toMatchObject({ lines: 1, clients: 1, badByReason: { tooLong: 1 } });
  });

  it("still cannot count an over-long line that does not start with an address and a time", () => {
    const run = engineRun();
    splitInto(run, `${"x".repeat(20_000)}\n{"user_agent":"${"A".repeat(20_000)}"}\n`, 4096);
    expect(run.engine.stats()).toMatchObject({ lines: 2, clients: 0, badByReason: { tooLong: 2 } });
  });

  it("ban the padded client and not the ordinary one beside it", () => {
    const run = engineRun();
    const normal = steady("198.51.100.5", 0, 5, 1).map((h) => accessLine(h.ip, h.ms));
    const padded = paddedFlood(20_000);
    const merged = [...normal, ...padded].sort(
      (a, b) => Date.parse(JSON.parse(a).timestamp) - Date.parse(JSON.parse(b).timestamp),
    );
    splitInto(run, `${merged.join("\n")}\n`, 8192);
    expect(bannedIps(run.decisions)).toEqual([ATTACKER]);
  });
});
