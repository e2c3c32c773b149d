import type { BanDecision } from "../../../detector/decide/decision";

/**
 * A ban decision as the engine writes it (a zscore ban of 203.0.113.9 at step 2), with
 * `overrides` on top: one fixture for the tests that format, route or store bans.
 */
export function banDecision(overrides: Partial<BanDecision> = {}): BanDecision {
  return {
    type: "ban",
    ip: "203.0.113.9",
    family: 4,
    prefix: 32,
    rule: "zscore",
    at: "2026-04-27T00:06:40.000Z",
    step: 2,
    durationSeconds: 1800,
    until: "2026-04-27T00:36:40.000Z",
    except: [],
    evidence: {
      rate: 3.017,
      requests: 181,
      errors: 0,
      errorShare: 0,
      windowSeconds: 60,
      zScore: 5.033,
      baseline: {
        mean: 0.5,
        stddev: 0.5,
        learnedMean: 0.3,
        learnedStddev: 0.16,
        floored: true,
        samples: 240,
        slot: "rolling",
      },
      thresholds: {
        minRequests: 50,
        zScore: 5,
        multiplier: 10,
        limitRps: 3,
        tightLimitRps: 1.75,
        errorMinShare: 0.5,
        errorFactor: 0.5,
        tightened: false,
        surgeFactor: 1,
      },
      fired: ["zscore"],
      samples: [],
    },
    ...overrides,
  };
}
