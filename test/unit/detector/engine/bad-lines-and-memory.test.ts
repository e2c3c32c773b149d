import { describe, expect, it } from "vitest";
import { accessLine, engineRun, steady, T0, traffic } from "../../../kit/detector/lines";

describe("bad lines", () => {
  it("are counted by reason and sampled, and never stop the good lines around them", () => {
    const run = engineRun();
    const good = accessLine("198.51.100.1", T0);
    run.feed([
      good,
      "not json at all",
      '{"source_ip":"198.51.100.1","status":200}',
      '{"source_ip":"999.1.1.1","timestamp":"2026-04-27T00:00:01+00:00","status":200}',
      '{"source_ip":"unknown","timestamp":"2026-04-27T00:00:01+00:00","status":200}',
      '{"source_ip":"198.51.100.1","timestamp":"yesterday","status":200}',
      '{"source_ip":"198.51.100.1","timestamp":"2026-04-27T00:00:02+00:00","status":200',
      good,
    ]);
    expect(run.engine.stats()).toMatchObject({
      lines: 8,
      badLines: 6,
      badByReason: { notJson: 2, missingField: 1, badAddress: 2, badTimestamp: 1 },
      clients: 1,
    });
    expect(run.badSamples.map((s) => s.reason)).toEqual([
      "notJson",
      "missingField",
      "badAddress",
      "badAddress",
      "badTimestamp",
      "notJson",
    ]);
    expect(run.badSamples[0]).toMatchObject({ line: "not json at all", bytes: 15, count: 1 });
  });

  it("counts invalid UTF-8 as bad yet still counts the request for its client, so a bad byte hides no one", () => {
    const run = engineRun();
    const line = Buffer.concat([
      Buffer.from('{"source_ip":"203.0.113.4","timestamp":"2026-04-27T00:00:00+00:00","path":"/'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('","status":404}'),
    ]);
    for (let i = 0; i < 400; i++) run.engine.line(line, 0, line.length);
    const stats = run.engine.stats();
    expect(stats.badByReason).toEqual({ invalidUtf8: 400 });
    // 400 lines, all with a bad byte: a bad-lines alert (at the 100th) besides the ban
    expect(run.decisions.map((d) => `${d.type} ${d.rule}`)).toEqual([
      "alert bad-lines",
      "ban error-share",
    ]);
    expect(run.badSamples).toHaveLength(10);
    expect(run.badSamples[0]!.line).toContain("\ufffd");
  });

  it("samples at most samplesPerMinute per reason per minute of log time", () => {
    const run = engineRun({ badLines: { samplesPerMinute: 2 } });
    const junk = (second: number) => [
      accessLine("198.51.100.1", T0 + second * 1000),
      "x",
      "x",
      "x",
    ];
    run.feed([...junk(0), ...junk(30), ...junk(61)]);
    expect(run.engine.stats().badByReason).toEqual({ notJson: 9 });
    expect(run.badSamples.map((s) => s.count)).toEqual([1, 2, 7, 8]);
  });

  it("counts a line too long to read through longLine", () => {
    const run = engineRun();
    run.engine.longLine(Buffer.from('{"source_ip":"1.2.3.4"'), 10_000_000);
    expect(run.engine.stats()).toMatchObject({
      lines: 1,
      badLines: 1,
      badByReason: { tooLong: 1 },
    });
    expect(run.badSamples[0]).toMatchObject({ reason: "tooLong", bytes: 10_000_000 });
  });
});

describe("memory", () => {
  it("forgets clients idle for a window", () => {
    const run = engineRun();
    const once = Array.from({ length: 5000 }, (_, i) => ({
      ip: `10.1.${i >> 8}.${i & 255}`,
      ms: T0 + (i % 30) * 1000,
      status: 200,
    }));
    run.feed(traffic(once, steady("198.51.100.1", 0, 300, 1)));
    const stats = run.engine.stats();
    expect(stats.peakClients).toBe(5001);
    expect(stats.clients).toBe(1);
  });

  it("counts one-off newcomers beyond maxClients only site-wide: they displace no tracked client", () => {
    const run = engineRun({ tracking: { maxClients: 1000 } });
    const many = Array.from({ length: 1500 }, (_, i) => ({
      ip: `10.${i >> 8}.${i & 255}.1`,
      ms: T0 + 1000,
      status: 200,
    }));
    run.feed(traffic(many));
    expect(run.engine.stats()).toMatchObject({
      lines: 1500,
      clients: 1000,
      untrackedLines: 500,
      pressureEvictions: 0,
    });
  });

  it("merges a /24 that crowds the full table into one client", () => {
    const run = engineRun({ tracking: { maxClients: 1000 } });
    const many = Array.from({ length: 1500 }, (_, i) => ({
      ip: `10.2.${i >> 8}.${i & 255}`,
      ms: T0 + 1000,
      status: 200,
    }));
    run.feed(traffic(many));
    expect(run.engine.stats()).toMatchObject({
      lines: 1500,
      untrackedLines: 0,
      aggregatedPrefixes: 4,
    });
    // four /24s filled the table and were merged; the last two arrived with room again: per address
    expect(run.engine.view(1).top).toEqual([{ ip: "10.2.0.0/24", requests: 256, rate: 4.267 }]);
    expect(run.engine.stats().clients).toBe(4 + 256 + 220);
  });
});
