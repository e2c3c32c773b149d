import { hostPaths } from "../../components/naming";
import type { OpaClient } from "../../components/gate";
import type { StatusProbe } from "../status/status-collector";
import { detectorSummary } from "./detector-client";
import type { LiveStack } from "./live-stack";

/** What `status` reads, from the live stack; the OPA client is found once and reused. */
export function liveStatusProbe(live: LiveStack): StatusProbe {
  let opa: Promise<OpaClient> | undefined;
  const conf = `${hostPaths(live.manifest.service.name).nginxDir}/nginx.conf`;
  return {
    containers: () => live.containers(),
    proxyConfig: async () => {
      const result = await live.run(`cat '${conf}'`);
      return result.exitCode === 0 ? result.output : null;
    },
    scrape: (container) => live.scrape(container),
    opa: () => {
      opa ??= live.opa().then(
        (client): OpaClient => ({
          // A replaced OPA container has a new address: look it up again after a failure.
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
    detector: () => detectorSummary(live),
  };
}
