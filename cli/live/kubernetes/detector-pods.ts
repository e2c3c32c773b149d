import { z } from "zod";
import type { KubeClient } from "../../../components/kubernetes/kubectl-client";
import { DETECTOR_PATHS } from "../../../components/kubernetes/render/detector-workload";
import { selectorLabels } from "../../../components/kubernetes/render/names";
import { ErrorCode, SwiftDeployError } from "../../../core/errors";
import type { Manifest } from "../../../core/manifest";
import { Role } from "../../../core/roles";
import { BanPageSchema, ExplainSchema } from "../../bans/ban-answers";
import { detectorVerbAnswer } from "../detector-verbs";
import type { DetectorAuditLines, DetectorSummary } from "../live-stack";
import { labelSelector } from "./pods";

/** A detector pod: the edge node it bans on, and whether it runs. */
export interface DetectorPod {
  readonly name: string;
  readonly node: string;
  readonly running: boolean;
}

const PodList = z.looseObject({
  items: z.array(
    z.looseObject({
      metadata: z.looseObject({ name: z.string(), deletionTimestamp: z.string().optional() }),
      spec: z.looseObject({ nodeName: z.string().optional() }).optional(),
      status: z.looseObject({ phase: z.string().optional() }).optional(),
    }),
  ),
});

/**
 * The detector's DaemonSet pods, driven through the API server with `kubectl exec`: its own CLI
 * (`swiftdeploy-detector bans|ban|unban|explain`) against its config, and its audit log. Every pod
 * holds the whole shared ban list, so a list, a ban or a lift needs one pod; an explanation asks
 * them all (the evidence stays on the node that decided).
 */
export class DetectorPods {
  constructor(
    private readonly client: KubeClient,
    private readonly manifest: Manifest,
    private readonly namespace: string,
  ) {}

  /** The pods, sorted by name. */
  async list(): Promise<DetectorPod[]> {
    const selector = labelSelector(selectorLabels(this.manifest, Role.Detector));
    const list = PodList.parse(
      await this.client.getJson(
        `/api/v1/namespaces/${this.namespace}/pods?labelSelector=${selector}`,
      ),
    );
    return list.items
      .map((p) => ({
        name: p.metadata.name,
        node: p.spec?.nodeName ?? "?",
        running: p.status?.phase === "Running" && p.metadata.deletionTimestamp === undefined,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** One of the detector's operator verbs; `explain` on every running pod, the fullest answer wins. */
  async verb(args: readonly string[]): Promise<unknown> {
    const running = await this.running();
    if (args[0] !== "explain") return this.runVerb(running[0]!, args);
    const answers = await Promise.all(running.map((pod) => this.runVerb(pod, args)));
    const weight = (a: unknown) => {
      const parsed = ExplainSchema.safeParse(a);
      if (!parsed.success) return -1;
      return (parsed.data.banned?.decision ? 1000 : 0) + parsed.data.history.length;
    };
    return answers.reduce((best, a) => (weight(a) > weight(best) ? a : best));
  }

  /** The shared ban list as a running pod holds it, and which pods do not run. */
  async summary(): Promise<DetectorSummary> {
    const pods = await this.list();
    const running = pods.filter((p) => p.running);
    const down =
      running.length < pods.length
        ? `${running.length} of ${pods.length} detector pods run on the edge nodes`
        : null;
    if (running.length === 0)
      return { activeBans: null, recent: [], error: down ?? "no detector pod on the edge nodes" };
    try {
      const page = BanPageSchema.parse(await this.runVerb(running[0]!, ["bans", "--json"]));
      const recent = page.rows.slice(0, 5).map((r) => ({ ip: r.ip, rule: r.rule, until: r.until }));
      return { activeBans: page.total, recent, error: down };
    } catch (error) {
      return { activeBans: null, recent: [], error: (error as Error).message };
    }
  }

  /** Every running pod's audit log (current and first rotation), merged in time order. */
  async audit(maxLines = 20_000): Promise<DetectorAuditLines> {
    const file = this.manifest.detector.audit.path ?? `${DETECTOR_PATHS.stateDir}/audit.jsonl`;
    const where = `${file} in the detector pods (namespace ${this.namespace})`;
    const running = (await this.list()).filter((p) => p.running);
    if (running.length === 0)
      return { lines: [], error: "no detector pod runs on the edge nodes", file: where };
    const script = 'cat "$1.1" "$1" 2>/dev/null | tail -n "$2"';
    const results = await Promise.all(
      running.map((pod) =>
        this.client.exec(this.namespace, pod.name, ["sh", "-c", script, "sh", file, `${maxLines}`]),
      ),
    );
    const lines = results
      .flatMap((r) => (r.exitCode === 0 ? r.output.split("\n") : []))
      .filter((l) => l.trim() !== "");
    const time = (line: string) => /"time":"([^"]+)"/.exec(line)?.[1] ?? "";
    lines.sort((a, b) => time(a).localeCompare(time(b)));
    return { lines: lines.slice(-maxLines), error: null, file: where };
  }

  private async running(): Promise<DetectorPod[]> {
    const running = (await this.list()).filter((p) => p.running);
    if (running.length === 0)
      throw new SwiftDeployError(
        ErrorCode.RemoteFailed,
        `no detector pod runs in namespace ${this.namespace}`,
        ["is the stack deployed? swiftdeploy status shows its pods"],
      );
    return running;
  }

  private async runVerb(pod: DetectorPod, args: readonly string[]): Promise<unknown> {
    const command = ["node", DETECTOR_PATHS.bundle, ...args, "--config", DETECTOR_PATHS.config];
    const result = await this.client.exec(this.namespace, pod.name, command);
    return detectorVerbAnswer(result, `detector pod ${pod.name} on node ${pod.node}`);
  }
}
