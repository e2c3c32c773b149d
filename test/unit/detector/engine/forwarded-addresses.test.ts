import { describe, expect, it } from "vitest";
import type { BanDecision } from "../../../../detector/decide/decision";
import { routeBan } from "../../../../detector/enforce/ban-route";
import { bannedIps, engineRun, nginxLine, steady, type Hit } from "../../../kit/detector/lines";

const PROXY = "10.0.0.2";
const FORWARDED = {
  clientAddressSource: "forwarded" as const,
  trustedProxies: ["10.0.0.0/24"],
};

/** A flood logged as Nginx writes it: `source` after realip, `peer` the connecting address. */
function flood(source: string, peer: string, xff = ""): string[] {
  return steady(source, 10, 5, 100).map((h: Hit) => nginxLine(h.ip, peer, h.ms, 200, { xff }));
}

const bans = (decisions: readonly { type: string }[]) =>
  decisions.filter((d): d is BanDecision => d.type === "ban");

describe("forwarded client addresses", () => {
  it("never bans a trusted proxy, in replay as in the live daemon (the engine holds the rule, not the daemon)", () => {
    const run = engineRun(FORWARDED);
    run.feed(flood(PROXY, PROXY));
    expect(bannedIps(run.decisions)).toEqual([]);
  });

  it("judges the forwarded address when a trusted proxy forwarded it", () => {
    const run = engineRun(FORWARDED);
    run.feed(flood("203.0.113.9", PROXY, "203.0.113.9"));
    expect(bannedIps(run.decisions)).toEqual(["203.0.113.9"]);
  });

  it("judges the peer when an untrusted peer's line names someone else (::ffff:127.0.0.1 is no way out)", () => {
    const run = engineRun(FORWARDED);
    run.feed(flood("::ffff:127.0.0.1", "203.0.113.66", "::ffff:127.0.0.1"));
    expect(bannedIps(run.decisions)).toEqual(["203.0.113.66"]);
  });

  it("judges the peer of a line that names another client when no proxy is trusted", () => {
    const run = engineRun();
    run.feed(flood("198.51.100.77", "203.0.113.67"));
    expect(bannedIps(run.decisions)).toEqual(["203.0.113.67"]);
  });
});

describe("routing a forwarded-mode ban by the logged peer address", () => {
  it("bans in the kernel a client that connects itself, whatever it writes into X-Forwarded-For", () => {
    const run = engineRun(FORWARDED);
    run.feed(flood("203.0.113.9", "203.0.113.9", "203.0.113.9"));
    const [ban] = bans(run.decisions);
    expect(routeBan(ban!, true)).toEqual({ kernel: true, nginx: true });
  });

  it("bans only in Nginx a client that came through a trusted proxy (its packets are the proxy's)", () => {
    const run = engineRun(FORWARDED);
    run.feed(flood("203.0.113.9", PROXY, "203.0.113.9"));
    const [ban] = bans(run.decisions);
    expect(routeBan(ban!, true)).toEqual({ kernel: false, nginx: true });
  });

  it("bans in the kernel an untrusted peer that named someone else", () => {
    const run = engineRun(FORWARDED);
    run.feed(flood("198.51.100.1", "203.0.113.66", "198.51.100.1"));
    const [ban] = bans(run.decisions);
    expect(ban?.ip).toBe("203.0.113.66");
    expect(routeBan(ban!, true)).toEqual({ kernel: true, nginx: true });
  });
});
