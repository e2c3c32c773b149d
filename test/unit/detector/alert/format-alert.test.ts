import { describe, expect, it } from "vitest";
import type {
  AlertDecision,
  BreakerAlertDecision,
  BreakerResetDecision,
  UnbanDecision,
  UntrackedAlertDecision,
} from "../../../../detector/decide/decision";
import {
  badLinesAlert,
  banAlert,
  breakerAlert,
  breakerResetAlert,
  formatDuration,
  surgeAlert,
  unbanAlert,
  untrackedAlert,
} from "../../../../detector/alert/format-alert";
import { banDecision } from "../../../kit/detector/ban-decision";

const ban = banDecision();

describe("alert messages", () => {
  it("say who was banned, for how long, until when, where, and why against which baseline", () => {
    expect(banAlert(ban, "ipset").text).toBe(
      ":no_entry: *Banned 203.0.113.9* for 30 min (step 2, until 2026-04-27T00:36:40.000Z) via ipset\n" +
        "rule zscore: 3.017 req/s (181 requests in 60 s) vs baseline 0.5 ± 0.5 req/s per client (rolling, floored); limit 3 req/s, z 5.033",
    );
    expect(banAlert({ ...ban, durationSeconds: null, until: null }, "nftables").text).toContain(
      "*Banned 203.0.113.9* permanently (step 2) via nftables",
    );
  });

  it("say a client broke its own history's limit, under the site's, with both limits", () => {
    const own = {
      mean: 0.5,
      stddev: 0.5,
      learnedMean: 0.2,
      learnedStddev: 0.01,
      floored: true,
      samples: 18,
      slot: "own",
      limitRps: 3,
      tightLimitRps: 1.75,
      zScore: 8.5,
      fired: ["zscore", "multiplier"],
    };
    const evidence = { ...ban.evidence, rate: 5, requests: 300, fired: ["own-history"], own };
    const thresholds = { ...ban.evidence.thresholds, limitRps: 8.9 };
    const text = banAlert(
      { ...ban, rule: "own-history", evidence: { ...evidence, thresholds } },
      "ipset",
    ).text;
    expect(text).toContain(
      "rule own-history: 5 req/s (300 requests in 60 s) vs its own history 0.2 ± 0.01 req/s (18 snapshots, floored to 0.5 ± 0.5); own limit 3 req/s (the site's per-client limit 8.9 req/s), z 8.5",
    );
  });

  it("say when a ban ended or was lifted", () => {
    const unban: UnbanDecision = {
      type: "unban",
      ip: "203.0.113.9",
      family: 4,
      prefix: 32,
      rule: "ban-expired",
      at: "2026-04-27T00:36:40.000Z",
      step: 2,
      bannedAt: "2026-04-27T00:06:40.000Z",
    };
    expect(unbanAlert(unban).text).toBe(
      ":white_check_mark: *Unbanned 203.0.113.9*: ban ended at 2026-04-27T00:36:40.000Z (step 2, banned at 2026-04-27T00:06:40.000Z)",
    );
    expect(unbanAlert({ ...unban, rule: "operator-lift" }).text).toContain(
      "lifted (operator-lift)",
    );
  });

  it("describe a global surge with its baseline and busiest clients, and that nobody is banned for it but the limits tighten", () => {
    const surge = {
      type: "alert",
      rule: "global-surge",
      at: "2026-04-27T01:00:00.000Z",
      evidence: {
        rate: 520,
        windowSeconds: 60,
        zScore: 88,
        limitRps: 60,
        activeClients: 1100,
        ongoingSeconds: 0,
        baseline: {
          mean: 12,
          stddev: 3,
          learnedMean: 12,
          learnedStddev: 3,
          floored: false,
          samples: 1800,
          slot: "hour-01",
        },
        topClients: [{ ip: "10.9.0.1", requests: 31 }],
      },
    } as AlertDecision;
    expect(surgeAlert(surge).text).toBe(
      ":rotating_light: *Global surge*: 520 req/s over 60 s vs baseline 12 ± 3 (hour-01); limit 60 req/s, z 88, 1100 active clients. Nobody is banned for a surge alone; per-client limits are tightened while it lasts.\nBusiest: 10.9.0.1 (31)",
    );
  });

  it("tell the operator the breaker tripped, on what figures, and that it throttles until the storm is over", () => {
    const trip: BreakerAlertDecision = {
      type: "alert",
      rule: "ban-breaker",
      at: "2026-04-27T00:01:00.000Z",
      evidence: {
        reason: "share",
        bansInPeriod: 52,
        actorsInPeriod: 40,
        periodSeconds: 60,
        activeClients: 200,
        maxShare: 0.2,
        allowed: 40,
        bansLastMinute: 52,
        maxPerMinute: 200,
        throttleMinTimesMean: 10,
        candidate: { ip: "198.51.100.7", rule: "zscore", rate: 0.6, requests: 36, score: 1.2 },
      },
    };
    expect(breakerAlert(trip).text).toBe(
      ":octagonal_sign: *Ban breaker tripped* at 2026-04-27T00:01:00.000Z: 40 actors banned in 60 s already; another would exceed 20% of 200 active clients (allowed 40). " +
        "Bans are throttled: within the same budget only clients at 10× a normal client's rate or more are banned, strongest first, until the storm is over or an operator runs `swiftdeploy-detector breaker reset`.\n" +
        "Refused: 198.51.100.7 (rule zscore, 0.6 req/s, 1.2× normal, 36 requests). Check the thresholds.",
    );
    const reset: BreakerResetDecision = {
      type: "alert",
      rule: "ban-breaker-reset",
      at: "2026-04-27T00:13:00.000Z",
      evidence: { trippedAt: trip.at, reason: "share", throttledBans: 3 },
    };
    expect(breakerResetAlert(reset)).toEqual({
      category: "breaker",
      rule: "ban-breaker-reset",
      text: ":arrow_forward: *Ban breaker reset itself* at 2026-04-27T00:13:00.000Z: the storm that tripped it at 2026-04-27T00:01:00.000Z (share) is over; bans resume in full.",
    });
  });

  it("tell the operator lines went untracked, from whom, and which prefixes count as one client", () => {
    const untracked: UntrackedAlertDecision = {
      type: "alert",
      rule: "untracked-lines",
      at: "2026-04-27T00:01:00.000Z",
      evidence: {
        untrackedLines: 3400,
        trackedClients: 200_000,
        maxClients: 200_000,
        topSources: [
          { ip: "203.0.113.9", lines: 900, overcount: 3 },
          { ip: "2001:db8:5:1::/64", lines: 4, overcount: 3 },
        ],
        aggregatedPrefixes: [{ ip: "2001:db8:a0::/48", requests: 50_000 }],
      },
    };
    expect(untrackedAlert(untracked).text).toBe(
      ":warning: *Client table full* (200000 of 200000 clients): 3400 lines counted only site-wide; heavy hitters among them are still admitted and judged.\n" +
        "Busiest untracked: 203.0.113.9 (900), 2001:db8:5:1::/64 (4)\n" +
        "Counted as one client per prefix: 2001:db8:a0::/48",
    );
  });

  it.each([
    [45, "45 s"],
    [600, "10 min"],
    [7200, "2 h"],
    [259_200, "3 d"],
  ])("formats %i seconds as %s", (s, text) => expect(formatDuration(s)).toBe(text));
});

describe("the bad-lines message", () => {
  it("says how many lines could not be used, why, and who sent most of them", () => {
    expect(
      badLinesAlert({
        type: "alert",
        rule: "bad-lines",
        at: "2026-04-27T00:06:40.000Z",
        evidence: {
          badLines: 400,
          lines: 500,
          share: 0.8,
          windowSeconds: 60,
          byReason: { tooLong: 390, notJson: 10 },
          minLines: 100,
          minShare: 0.05,
          topSources: [
            { ip: "203.0.113.66", lines: 390 },
            { ip: "unknown", lines: 10 },
          ],
        },
      }),
    ).toEqual({
      category: "surge",
      rule: "bad-lines",
      text: ":warning: *Unreadable log lines* at 2026-04-27T00:06:40.000Z: 400 of 500 lines (80%) in 60 s could not be used (tooLong 390, notJson 10). Over-long lines still count for their client; unreadable ones hide who sent them.\nMost from: 203.0.113.66 (390), unknown (10)",
    });
  });
});
