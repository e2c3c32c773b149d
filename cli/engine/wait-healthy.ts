import type { Clock } from "../../core/clock";
import { ErrorCode, SwiftDeployError } from "../../core/errors";

/** How long and how often to poll. */
export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs: number;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly fetch?: typeof fetch;
}

/** Polls `url` until it answers 200 (bounded); resolves with the attempts it took. */
export async function waitForHttp200(url: string, options: WaitOptions): Promise<number> {
  const doFetch = options.fetch ?? fetch;
  const deadline = options.clock.now() + options.timeoutMs;
  let attempts = 0;
  let last = "no attempt made";
  while (attempts === 0 || options.clock.now() < deadline) {
    attempts += 1;
    try {
      const response = await doFetch(url, {
        signal: AbortSignal.timeout(Math.min(5000, options.timeoutMs)),
      });
      await response.body?.cancel();
      if (response.status === 200) return attempts;
      last = `HTTP ${response.status}`;
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause;
      last = cause?.message ?? (error as Error).message;
    }
    await options.sleep(options.intervalMs);
  }
  throw new SwiftDeployError(
    ErrorCode.TimedOut,
    `${url} did not answer 200 within ${Math.round(options.timeoutMs / 1000)} s (${attempts} attempts)`,
    [`last answer: ${last}`, "look at the stack's containers or pods: swiftdeploy status --once"],
  );
}
