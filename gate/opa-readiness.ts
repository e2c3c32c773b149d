import type { Clock } from "../core/clock";
import { ErrorCode, SwiftDeployError } from "../core/errors";

/** How to wait for a starting OPA server. */
export interface OpaReadinessOptions {
  readonly baseUrl: string;
  /** Give up after this long; default 30 s. */
  readonly timeoutMs?: number;
  /** Pause between attempts; default 100 ms. */
  readonly intervalMs?: number;
  readonly clock: Clock;
  /** Waits between attempts; injected so tests need not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly fetch?: typeof fetch;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls OPA's `GET /health` until it answers 200 (it only listens once its policies are loaded),
 * instead of sleeping a fixed time. Throws SD_POLICY_UNREACHABLE with the last problem seen.
 */
export async function waitForOpa(options: OpaReadinessOptions): Promise<void> {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 100;
  const sleep = options.sleep ?? realSleep;
  const doFetch = options.fetch ?? fetch;
  const deadline = options.clock.now() + timeoutMs;
  let attempts = 0;
  let lastProblem = "no attempt made";
  while (attempts === 0 || options.clock.now() < deadline) {
    attempts += 1;
    try {
      const response = await doFetch(`${baseUrl}/health`, {
        signal: AbortSignal.timeout(Math.max(intervalMs, 1000)),
      });
      await response.body?.cancel();
      if (response.ok) return;
      lastProblem = `GET /health answered HTTP ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? (error.cause ?? error).toString() : String(error);
    }
    await sleep(intervalMs);
  }
  throw new SwiftDeployError(
    ErrorCode.PolicyUnreachable,
    `OPA at ${baseUrl} was not ready after ${timeoutMs} ms (${attempts} attempts).`,
    [
      `last problem: ${lastProblem}`,
      "check that OPA started and that its policies load (`opa check policies/opa`)",
    ],
  );
}
