import type { AttackerSpec, LogSpec } from "./log-generator";

const floods: AttackerSpec[] = Array.from({ length: 8 }, (_, i) => ({
  kind: "flood",
  startSecond: 600 + i * 700,
  seconds: 90,
  rps: 150 + i * 25,
}));

/** The benchmark's log: ~400 benign clients plus floods, a moderate attacker, a scanner, an IPv6 rotator. */
export function benchLogSpec(lines: number, seed = 20260427): LogSpec {
  return {
    seed,
    lines,
    benignV4: 380,
    benignV6: 20,
    startMs: Date.UTC(2026, 3, 27, 0, 0, 0),
    attackers: [
      ...floods,
      { kind: "moderate", startSecond: 1200, seconds: 1200, rps: 6 },
      { kind: "scanner", startSecond: 2500, seconds: 600, rps: 2 },
      { kind: "ipv6-rotator", startSecond: 3300, seconds: 120, rps: 60 },
    ],
  };
}
