import type { OpaClient } from "../../gate";
import type { Clock } from "../../core/clock";
import type { StatusProbe } from "../status/status-collector";
import type { LiveStack } from "./live-stack";
import { liveEdgeSource } from "./edge-source";
import { scrapeContainer } from "./metrics-source";

/** What `status` reads, from the live stack; the OPA client is found once and reused. */
export function liveStatusProbe(live: LiveStack, clock: Clock): StatusProbe {
  let opa: Promise<OpaClient> | undefined;
  return {
    containers: () => live.containers(),
    proxyConfig: () => live.proxyConfig(),
    scrape: (container) => scrapeContainer(live, container, clock),
    opa: () => {
      opa ??= live.opa().then(
        (client): OpaClient => ({
          // A replaced OPA (container or pod) has a new address: look it up again after a failure.
          queryDecision: async (path, input) => {
            const decision = await client.queryDecision(path, input);
            if (decision.failure !== undefined) opa = undefined;
            return decision;
          },
        }),
        (error: unknown) => {
          opa = undefined;
          throw error;
        },
      );
      return opa;
    },
    detector: () => live.detector(),
    edge: liveEdgeSource(live, clock),
  };
}
