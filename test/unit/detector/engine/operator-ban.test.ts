import { describe, expect, it } from "vitest";
import { Allowlist } from "../../../../detector/address/allowlist";
import { banAlert, unbanAlert } from "../../../../detector/alert/format-alert";
import type { BanDecision, UnbanDecision } from "../../../../detector/decide/decision";
import { routeBan } from "../../../../detector/enforce/ban-route";
import { BanRefusedError, operatorBanTarget } from "../../../../detector/engine/operator-ban";
import { engineRun, steady, T0, traffic } from "../../../kit/detector/lines";

const NOW = Date.parse("2026-12-06T02:30:00.000Z");
const allowlist = new Allowlist(["198.51.100.0/24", "2001:db8:aaaa::/48"], ["192.0.2.10"]);
const request = (ip: string, durationSeconds: number | null = 600) => ({
  ip,
  durationSeconds,
  reason: "test",
  actor: "alice@laptop",
});

describe("a manual ban's target", () => {
  it.each([
    ["203.0.113.77", { ip: "203.0.113.77", family: 4, prefix: 32, except: [] }],
    ["2001:DB8:1::0001", { ip: "2001:db8:1::1", family: 6, prefix: 128, except: [] }],
    ["198.51.0.0/16", { ip: "198.51.0.0/16", family: 4, prefix: 16, except: ["198.51.100.0/24"] }],
  ])(
    "is the canonical key of %s, with the allowlisted addresses carved out of a prefix",
    (text, target) => {
      expect(operatorBanTarget(text, allowlist)).toEqual(target);
    },
  );

  it.each([
    [
      "127.0.0.1",
      "refusing to ban 127.0.0.1: it is allowlisted (loopback, this host's own addresses, detector.allowlist or detector.trustedProxies), and the detector never bans those",
    ],
    ["::1", "refusing to ban ::1: it is allowlisted"],
    ["192.0.2.10", "refusing to ban 192.0.2.10: it is allowlisted"],
    ["198.51.100.7", "refusing to ban 198.51.100.7: it is allowlisted"],
    ["198.51.100.0/28", "refusing to ban 198.51.100.0/28: it is allowlisted"],
    ["2001:db8:aaaa:1::9", "refusing to ban 2001:db8:aaaa:1::9: it is allowlisted"],
    [
      "10.0.0.0/8",
      "refusing to ban 10.0.0.0/8: wider than /16; ban a narrower prefix or single addresses",
    ],
    ["2001:db8::/29", "refusing to ban 2001:db8::/29: wider than /32"],
    ["example.com", '"example.com" is not an IPv4 or IPv6 address or prefix'],
  ])("is refused for %s with a 409 the control socket passes on", (text, message) => {
    let error: unknown;
    try {
      operatorBanTarget(text, allowlist);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BanRefusedError);
    expect((error as BanRefusedError).statusCode).toBe(409);
    expect((error as Error).message).toContain(message);
  });
});

describe("the engine's operator ban", () => {
  it("bans for the operator's length with rule operator, the actor and the reason, and lets the ban end on time", () => {
    const run = engineRun({}, ["192.0.2.10"]);
    const d = run.engine.operatorBan(request("203.0.113.77"), NOW);
    expect(d).toMatchObject({
      type: "ban",
      ip: "203.0.113.77",
      rule: "operator",
      step: 1,
      durationSeconds: 600,
      at: "2026-12-06T02:30:00.000Z",
      until: "2026-12-06T02:40:00.000Z",
      operator: { actor: "alice@laptop", reason: "test" },
      evidence: { rate: 0, requests: 0, fired: ["operator"], samples: [] },
    });
    expect(run.decisions).toEqual([d]);
    expect(run.engine.ledger.isBanned("203.0.113.77")).toBe(true);
    run.engine.tick(NOW + 600_000);
    expect(run.decisions.at(-1)).toMatchObject({
      type: "unban",
      ip: "203.0.113.77",
      rule: "ban-expired",
    });
  });

  it("refuses the host's own address and bans nothing", () => {
    const run = engineRun({}, ["192.0.2.10"]);
    expect(() => run.engine.operatorBan(request("192.0.2.10"), NOW)).toThrow(BanRefusedError);
    expect(run.decisions).toEqual([]);
    expect(run.engine.ledger.active).toBe(0);
  });

  it("counts as an offence: the next automatic ban of the address escalates to step 2", () => {
    const run = engineRun();
    run.engine.operatorBan(request("203.0.113.1", 60), T0 - 3_600_000);
    run.engine.tick(T0 - 3_000_000);
    run.feed(traffic(steady("203.0.113.1", 10, 30, 100)));
    const auto = run.decisions.filter((d) => d.type === "ban").at(-1) as BanDecision;
    expect(auto.rule).not.toBe("operator");
    expect(auto.step).toBe(2);
  });

  it("a permanent manual ban has no end, and a lift names who lifted it", () => {
    const run = engineRun();
    const d = run.engine.operatorBan(request("203.0.113.5", null), NOW);
    expect([d.durationSeconds, d.until]).toEqual([null, null]);
    const lifted = run.engine.lift("203.0.113.5", NOW + 1000, "operator-lift", "bob@ops");
    expect(lifted).toMatchObject({ rule: "operator-lift", actor: "bob@ops", step: 1 });
  });
});

describe("manual bans in enforcement and alerts", () => {
  const d = engineRun().engine.operatorBan(request("203.0.113.77"), NOW);

  it("drop the address in the kernel even when clients are forwarded by proxies", () => {
    expect(routeBan(d, true)).toEqual({ kernel: true, nginx: true });
    expect(routeBan(d, false)).toEqual({ kernel: true, nginx: false });
  });

  it("say who banned and why, and who lifted", () => {
    expect(banAlert(d, "ipset").text).toBe(
      ":no_entry: *Banned 203.0.113.77* for 10 min (step 1, until 2026-12-06T02:40:00.000Z) via ipset\n" +
        "rule operator: banned by hand by alice@laptop: test",
    );
    const lift: UnbanDecision = {
      type: "unban",
      ip: "203.0.113.77",
      family: 4,
      prefix: 32,
      rule: "operator-lift",
      at: "2026-12-06T02:35:00.000Z",
      step: 1,
      bannedAt: "2026-12-06T02:30:00.000Z",
      actor: "alice@laptop",
    };
    expect(unbanAlert(lift).text).toBe(
      ":white_check_mark: *Unbanned 203.0.113.77*: lifted by alice@laptop (operator-lift) at 2026-12-06T02:35:00.000Z (step 1, banned at 2026-12-06T02:30:00.000Z)",
    );
  });
});
