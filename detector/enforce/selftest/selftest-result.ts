/** How a probe from the self-test's namespace fared. */
export type ProbeOutcome = "connected" | "refused" | "timeout" | "error";

/** One path proven (or not): a host listener (INPUT) or a Docker-published port (DOCKER-USER). */
export interface SelfTestCheck {
  readonly name: string;
  /** The netfilter path the probe takes. */
  readonly path: "INPUT" | "FORWARD";
  readonly target: string;
  /** Without a ban the probe must get through (connected or refused)… */
  readonly before: ProbeOutcome;
  /** …and with the test address banned it must be dropped (timeout). */
  readonly after: ProbeOutcome;
  readonly ok: boolean;
  readonly detail: string;
}

/** The outcome of a self-test (kept as `<stateDir>/selftest.json`). */
export interface SelfTestResult {
  /** null: not run (dry run, or nothing to test). */
  readonly ok: boolean | null;
  readonly at: string;
  readonly backend: string;
  readonly checks: readonly SelfTestCheck[];
  /** One line for the log, the dashboard and the alert. */
  readonly message: string;
  readonly durationMs: number;
}

/** A probe got through when it connected or was refused (the packets reached the host). */
export function reached(outcome: ProbeOutcome): boolean {
  return outcome === "connected" || outcome === "refused";
}
