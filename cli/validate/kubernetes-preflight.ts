import { OpaDecisionPath } from "../../gate";
import { kubectlClient, type KubeClient } from "../../components/kubernetes/kubectl-client";
import { EDGE_NODE_LABEL } from "../../components/kubernetes/render/names";
import type { Manifest } from "../../core/manifest";
import { Role } from "../../core/roles";
import type { CliContext } from "../context";
import { readOutputs } from "../engine/stack-outputs";
import { edgeNodes } from "../live/kubernetes/edge-nodes";
import type { KubeAccess } from "../live/kubernetes/kube-access";
import { kubeAccess, stackNamespaces } from "../live/kubernetes/kube-access";
import { KubernetesLiveStack } from "../live/kubernetes/kubernetes-live-stack";
import type { CheckResult, PreflightCheck } from "./preflight";
import { runChecks, skipped } from "./preflight";

const CONNECT = "cluster reachable";
const CLUSTER_CHECKS = ["edge nodes ready", "OPA reachable"];

/** Ready nodes labelled as edge nodes: Nginx and the detector run only there. */
function edgeCheck(client: KubeClient): PreflightCheck {
  return {
    name: "edge nodes ready",
    async run() {
      const nodes = edgeNodes(await client.getJson("/api/v1/nodes"));
      const ready = nodes.filter((n) => n.ready);
      const label = `${EDGE_NODE_LABEL.key}=${EDGE_NODE_LABEL.value}`;
      if (ready.length === 0) {
        throw new Error(
          `no Ready node is labelled ${label}${nodes.length > 0 ? ` (${nodes.map((n) => n.name).join(", ")} not Ready)` : ""}: Nginx and the detector run only there; label one: kubectl label node <name> ${label}`,
        );
      }
      return {
        status: "pass",
        detail: `${ready.length} edge node(s) ready: ${ready.map((n) => `${n.name} ${n.address ?? "(no address)"}`).join(", ")}`,
      };
    },
  };
}

/** OPA's pod answers through a port-forward and has the canary policy (skipped before the first deploy). */
function opaCheck(live: KubernetesLiveStack): PreflightCheck {
  return {
    name: "OPA reachable",
    async run() {
      const opa = (await live.containers()).find((c) => c.role === Role.Opa);
      if (opa === undefined)
        return {
          status: "skip",
          detail: "no OPA pod yet: the first deploy starts it (and the deploy gate waits for it)",
        };
      const decision = await (await live.opa()).queryDecision(OpaDecisionPath.Canary, {});
      if (decision.failure !== undefined) throw new Error(decision.reasons.join("; "));
      return {
        status: "pass",
        detail: `pod ${opa.name} answers through a port-forward; data.${OpaDecisionPath.Canary.replace(/\//g, ".")} is loaded`,
      };
    },
  };
}

/**
 * The cluster's checks: the API server answers through the stack's kubeconfig; edge nodes are
 * ready; OPA answers. The Docker host's checks (host images, the public port, `nginx -t` on the
 * host) have no meaning here and are not listed.
 */
export async function kubernetesPreflight(
  ctx: CliContext,
  manifest: Manifest | undefined,
  openClient: (access: KubeAccess) => KubeClient = (access) =>
    kubectlClient({ kubectl: access.kubectl, kubeconfig: access.kubeconfig }),
): Promise<CheckResult[]> {
  if (manifest === undefined)
    return runChecks([CONNECT, ...CLUSTER_CHECKS].map((n) => skipped(n, "needs a valid manifest")));
  let access: KubeAccess | undefined;
  let client: KubeClient | undefined;
  const connect: PreflightCheck = {
    name: CONNECT,
    async run() {
      access = await kubeAccess(ctx);
      client = openClient(access);
      const version = (await client.getJson("/version")) as { gitVersion?: string };
      return {
        status: "pass",
        detail: `${access.server ?? "the API server"} answers: Kubernetes ${version.gitVersion ?? "(version unknown)"}`,
      };
    },
  };
  const results = await runChecks([connect]);
  if (access === undefined || client === undefined || results[0]?.status !== "pass") {
    client?.close();
    return [
      ...results,
      ...(await runChecks(CLUSTER_CHECKS.map((n) => skipped(n, "needs the cluster")))),
    ];
  }
  const namespaces = stackNamespaces(ctx, manifest, readOutputs({}));
  const live = new KubernetesLiveStack(client, manifest, namespaces, `namespace ${namespaces.app}`);
  try {
    return [...results, ...(await runChecks([edgeCheck(client), opaCheck(live)]))];
  } finally {
    await live.close();
  }
}
