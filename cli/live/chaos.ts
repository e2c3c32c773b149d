import { ErrorCode, SwiftDeployError } from "../../core/errors";
import type { LiveContainer } from "./containers";
import type { LiveStack } from "./live-stack";

/** What `swiftdeploy chaos` asks the canary to do (the API's POST /chaos body). */
export type ChaosRequest =
  | { readonly mode: "error"; readonly rate: number }
  | { readonly mode: "slow"; readonly duration: number; readonly rate: number }
  | { readonly mode: "recover" };

/** "error 80 %", "slow 1.5 s for 100 %", "none" from the API's chaos state. */
export function describeChaos(state: { mode: string; rate?: number; duration?: number }): string {
  const share =
    state.rate === undefined ? "" : ` for ${Math.round(state.rate * 1000) / 10} % of requests`;
  if (state.mode === "error") return `error${share}`;
  if (state.mode === "slow") return `slow ${state.duration ?? "?"} s${share}`;
  return "none";
}

/**
 * POST /chaos on the canary's workload, through the stack's private path (never the public port),
 * with the stack's bearer token. Resolves with the chaos now in force, as the canary reports it.
 */
export async function sendChaos(
  live: LiveStack,
  container: LiveContainer,
  token: string,
  request: ChaosRequest,
): Promise<{ mode: string; rate?: number; duration?: number }> {
  let response: Response;
  try {
    response = await live.requestApi(container, "/chaos", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(request),
    });
  } catch (error) {
    if (error instanceof SwiftDeployError) throw error;
    throw new SwiftDeployError(
      ErrorCode.RemoteFailed,
      `cannot reach ${container.name} for POST /chaos`,
      [(error as Error).message],
    );
  }
  const body = (await response.json().catch(() => ({}))) as {
    chaos?: { mode: string; rate?: number; duration?: number };
    message?: string;
  };
  if (!response.ok || body.chaos === undefined) {
    throw new SwiftDeployError(
      ErrorCode.RemoteFailed,
      `${container.name} refused POST /chaos with HTTP ${response.status}: ${body.message ?? "no message"}`,
      response.status === 401
        ? ["the token did not match: the stack output chaosToken is stale; run swiftdeploy deploy"]
        : [],
    );
  }
  return body.chaos;
}
