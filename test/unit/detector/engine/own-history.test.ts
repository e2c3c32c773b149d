import { describe, expect, it } from "vitest";
import type { BanDecision } from "../../../../detector/decide/decision";
import { bannedIps, engineRun, steady, T0, traffic, type Hit } from "../../../kit/detector/lines";

/** An IPv4 address as the client table keys it (a signed 32-bit number). */
function ipv4Key(ip: string): number {
  return ip.split(".").reduce((n, part) => n * 256 + Number(part), 0) | 0;
}

/** The seed's rule: one client's rate against the WHOLE site's mean (z > 1.5 or > 1.5x mean). */
function seedWouldBan(clientRate: number, globalMean: number, globalStddev: number): boolean {
  const mean = Math.max(globalMean, 0.1);
  const stddev = Math.max(globalStddev, 0.1);
  return (clientRate - mean) / stddev > 1.5 || clientRate > 1.5 * mean;
}

/** 30 API pollers at 4 req/s and 100 browsers at 0.2 req/s for `seconds`: one client of this site does a lot. */
function busySite(seconds: number): Hit[][] {
  return [
    ...Array.from({ length: 30 }, (_, i) => steady(`198.51.100.${i}`, i % 5, seconds, 4)),
    ...Array.from({ length: 100 }, (_, i) => steady(`198.51.101.${i}`, i % 5, seconds, 0.2)),
  ];
}

const REGULAR = "198.51.101.7";
const NEWCOMER = "203.0.113.70";

/** The regular browser (0.2 req/s for 20 minutes) turns into a 5 req/s scraper; so does a newcomer. */
function scrapers(): Hit[][] {
  return [steady(REGULAR, 1200, 120, 5), steady(NEWCOMER, 1200, 120, 5)];
}

function bans(decisions: readonly { type: string }[]): BanDecision[] {
  return decisions.filter((d): d is BanDecision => d.type === "ban");
}

// Each test replays up to 300,000 lines: more than the default 5 s on a loaded machine.
describe(
  "a client judged against its own history as well as the site's",
  { timeout: 30_000 },
  () => {
    it("bans a regular that jumps far above its own history while under the busy site's per-client limit (site view and seed would not)", () => {
      const run = engineRun();
      run.feed(traffic(...busySite(1320), ...scrapers()));
      expect(bannedIps(run.decisions)).toEqual([REGULAR]);
      const ban = bans(run.decisions)[0]!;
      expect(ban.rule).toBe("own-history");
      expect(ban.evidence.fired).toEqual(["own-history"]);
      const site = ban.evidence.thresholds.limitRps;
      expect(site).toBeCloseTo(8.1, 0); // the site's view lets 5 req/s pass…
      expect(ban.evidence.own).toMatchObject({
        slot: "own",
        floored: true,
        mean: 0.5,
        limitRps: 3,
      });
      expect(ban.evidence.own!.learnedMean).toBeCloseTo(0.2, 1);
      expect(ban.evidence.own!.samples).toBeGreaterThanOrEqual(10);
      expect(ban.evidence.own!.fired).toContain("zscore");
      expect(ban.evidence.rate).toBeGreaterThan(3); // …its own history does not
      expect(ban.evidence.rate).toBeLessThan(site);
      const global = run.engine.baseline.global.stats(0);
      expect(seedWouldBan(5, global.mean, global.stddev)).toBe(false);
      // explain's view: the scraper's history was forgotten with its ban; another regular's is there.
      expect(run.engine.ownHistoryOf(REGULAR)).toBeNull();
      const other = run.engine.ownHistoryOf("198.51.101.8")!;
      expect(other).toMatchObject({ limitRps: 3, minSnapshots: 10 });
      expect(other.siteLimitRps).toBeCloseTo(8.1, 0);
      expect(other.mean).toBeCloseTo(0.2, 1);
      expect(other.snapshots).toBeGreaterThanOrEqual(10);
      expect(run.engine.ownHistoryOf("198.51.101.0/24")).toBeNull();
    });

    it("bans a changed regular once, then holds it to the site's limits while its history learns the new rate", () => {
      const run = engineRun({ bans: { stepsMinutes: [2, 30, 120] } });
      // Banned at about 1236 s for 2 minutes (its lines stop: the kernel drops them); back at 5 req/s.
      run.feed(
        traffic(...busySite(2080), steady(REGULAR, 1200, 40, 5), steady(REGULAR, 1360, 720, 5)),
      );
      const mine = run.decisions.filter((d) => "ip" in d && d.ip === REGULAR);
      expect(mine.map((d) => [d.type, "rule" in d ? d.rule : ""])).toEqual([
        ["ban", "own-history"],
        ["unban", "ban-expired"],
      ]);
      const snapshots = run.engine.baseline.own.toJSON().find((row) => row[0] === ipv4Key(REGULAR));
      expect(snapshots?.[1]).toBeGreaterThanOrEqual(10); // relearned from scratch, at the new rate
      expect(snapshots?.[2]).toBeCloseTo(5, 0);
    });

    it("bans nobody for the same traffic with rules.ownHistory off", () => {
      const run = engineRun({ rules: { ownHistory: { enabled: false } } });
      run.feed(traffic(...busySite(1320), ...scrapers()));
      expect(bannedIps(run.decisions)).toEqual([]);
      expect(run.engine.baseline.own.size).toBe(0);
    });

    it("never raises a limit: a client whose own history is heavy is still held to the site's", () => {
      const quiet = Array.from({ length: 20 }, (_, i) =>
        steady(`198.51.100.${i}`, i % 5, 1500, 0.3),
      );
      const poller = [
        ...steady("203.0.113.80", 0, 1200, 2.5),
        ...steady("203.0.113.80", 1200, 120, 4),
      ];
      const run = engineRun();
      run.feed(traffic(...quiet, poller));
      expect(bannedIps(run.decisions)).toEqual(["203.0.113.80"]);
      const ban = bans(run.decisions)[0]!;
      expect(ban.rule).toBe("zscore");
      expect(ban.evidence.own!.limitRps).toBeGreaterThan(ban.evidence.rate); // its own history allowed 4 req/s
      expect(ban.evidence.own!.fired).toEqual([]);
    });

    it("keeps each client's own history across a restart (saved with the baseline)", () => {
      const first = engineRun();
      first.feed(traffic(...busySite(1200)));
      const saved = JSON.parse(JSON.stringify(first.engine.saveBaseline())) as Record<
        string,
        unknown
      >;
      const lastTwoMinutes = busySite(1320).map((hits) =>
        hits.filter((h) => h.ms >= T0 + 1200_000),
      );
      const restored = engineRun();
      expect(restored.engine.restore({ baseline: saved })).toBe(true);
      restored.feed(traffic(...lastTwoMinutes, ...scrapers()));
      expect(bannedIps(restored.decisions)).toEqual([REGULAR]);
      const forgetful = engineRun(); // the site's baselines restored, no one's own history
      expect(forgetful.engine.restore({ baseline: { ...saved, own: undefined } })).toBe(true);
      forgetful.feed(traffic(...lastTwoMinutes, ...scrapers()));
      expect(bannedIps(forgetful.decisions)).toEqual([]);
    });

    it("does not learn from a banned client", () => {
      const flooder = "203.0.113.90";
      const run = engineRun();
      run.feed(traffic(...busySite(900), steady(flooder, 300, 600, 50)));
      expect(bannedIps(run.decisions)).toEqual([flooder]);
      const learned = run.engine.baseline.own.toJSON().map((row) => row[0]);
      expect(learned).toHaveLength(130);
      expect(learned).toContain(ipv4Key(REGULAR));
      expect(learned).not.toContain(ipv4Key(flooder));
    });
  },
);
