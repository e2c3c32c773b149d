import { describe, expect, it } from "vitest";
import type { BanDecision } from "../../../../detector/decide/decision";
import { accessLine, bannedIps, engineRun, steady, T0, traffic } from "../../../kit/detector/lines";

const FLOOD = (ip: string) => steady(ip, 10, 30, 100);

describe("the allowlist", () => {
  it("never bans loopback, the host's own addresses or configured CIDRs, while the same flood from elsewhere is banned", () => {
    const run = engineRun({ allowlist: ["192.0.2.0/24", "2001:db8:aaaa::/48"] }, [
      "198.51.100.250",
      "fd00::250",
    ]);
    run.feed(
      traffic(
        FLOOD("127.0.0.1"),
        FLOOD("::1"),
        FLOOD("198.51.100.250"),
        FLOOD("fd00::250"),
        FLOOD("192.0.2.77"),
        FLOOD("2001:db8:aaaa:1::9"),
        FLOOD("203.0.113.1"),
      ),
    );
    expect(bannedIps(run.decisions)).toEqual(["203.0.113.1"]);
  });

  it("wins over an IPv6 prefix: the allowlisted address is counted apart and named as an exception of the prefix ban", () => {
    const run = engineRun({ allowlist: ["2001:db8:1:2::5"] });
    const rotating = Array.from({ length: 3000 }, (_, i) => ({
      ip: `2001:db8:1:2:${(i * 7919) % 65536}:${i % 97}::${(i % 50) + 10}`,
      ms: T0 + 10_000 + i * 10,
      status: 200,
    }));
    run.feed(traffic(rotating, FLOOD("2001:db8:1:2::5")));
    const bans = run.decisions.filter((d): d is BanDecision => d.type === "ban");
    expect(bans.map((b) => [b.ip, b.family, b.prefix, b.except])).toEqual([
      ["2001:db8:1:2::/64", 6, 64, ["2001:db8:1:2::5"]],
    ]);
  });
});

describe("IPv6 prefixes", () => {
  it("bans a flood rotating addresses inside one /64 as that prefix", () => {
    const run = engineRun();
    const rotating = Array.from({ length: 2000 }, (_, i) => ({
      ip: `2001:db8:bad:1::${(i + 1).toString(16)}`,
      ms: T0 + i * 20,
      status: 200,
    }));
    run.feed(traffic(rotating));
    expect(bannedIps(run.decisions)).toEqual(["2001:db8:bad:1::/64"]);
  });

  it("counts per address when the prefix is /128, so the same rotation evades (the reason for /64)", () => {
    const run = engineRun({ ipv6Prefix: 128 });
    const rotating = Array.from({ length: 2000 }, (_, i) => ({
      ip: `2001:db8:bad:1::${(i + 1).toString(16)}`,
      ms: T0 + i * 20,
      status: 200,
    }));
    run.feed(traffic(rotating));
    expect(bannedIps(run.decisions)).toEqual([]);
  });

  it("bans IPv4 per configured prefix when asked", () => {
    const run = engineRun({ ipv4Prefix: 24 });
    const spread = Array.from({ length: 1000 }, (_, i) => ({
      ip: `198.51.100.${i % 200}`,
      ms: T0 + i * 20,
      status: 200,
    }));
    run.feed(traffic(spread));
    expect(bannedIps(run.decisions)).toEqual(["198.51.100.0/24"]);
  });
});

describe("log time", () => {
  it("decides the same on every replay of the same lines", () => {
    const lines = traffic(
      ...Array.from({ length: 30 }, (_, i) => steady(`198.51.100.${i}`, i, 900, 0.4)),
      steady("203.0.113.5", 300, 100, 30),
      steady("203.0.113.6", 500, 700, 5),
    );
    const a = engineRun();
    const b = engineRun();
    a.feed(lines);
    b.feed(lines);
    expect(a.decisions.length).toBeGreaterThan(2);
    expect(JSON.stringify(b.decisions)).toBe(JSON.stringify(a.decisions));
  });

  it("ends a ban on wall time through tick when the log has gone quiet (live mode)", () => {
    const run = engineRun();
    run.feed(traffic(steady("203.0.113.9", 0, 5, 100)));
    expect(run.engine.ledger.active).toBe(1);
    run.engine.tick(T0 + 10 * 60_000);
    expect(run.engine.ledger.active).toBe(1);
    run.engine.tick(T0 + 10 * 60_000 + 1000);
    expect(run.decisions.at(-1)).toMatchObject({
      type: "unban",
      ip: "203.0.113.9",
      at: "2026-04-27T00:10:01.000Z",
    });
  });

  it("keeps a restored ban in force for a returning client and does not ban it twice", () => {
    const first = engineRun();
    first.feed(traffic(steady("203.0.113.9", 0, 5, 100)));
    const second = engineRun();
    second.engine.restore({ bans: JSON.parse(JSON.stringify(first.engine.ledger.save())) });
    second.feed([accessLine("203.0.113.9", T0 + 60_000)]);
    second.feed(traffic(steady("203.0.113.9", 61, 30, 100)));
    expect(second.decisions).toEqual([]);
    second.feed([accessLine("198.51.100.1", T0 + 11 * 60_000)]);
    expect(second.decisions.map((d) => d.type)).toEqual(["unban"]);
  });
});
