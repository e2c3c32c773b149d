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
import { mergeDetectorAudits } from "./merge-audits";
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
      status: z
        .looseObject({
          phase: z.string().optional(),
          conditions: z.array(z.looseObject({ type: z.string(), status: z.string() })).optional(),
        })
        .optional(),
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
        // Ready, not only Running: a crash-looping container keeps its pod's phase Running.
        running:
          p.status?.phase === "Running" &&
          p.metadata.deletionTimestamp === undefined &&
          (p.status.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * One of the detector's operator verbs. `ban` and `unban` run once, in the first running pod (the
   * shared list carries them to every node); `bans` goes on to the next pod when one cannot answer;
   * `explain` asks every running pod and keeps the fullest answer.
   */
  async verb(args: readonly string[]): Promise<unknown> {
    const running = await this.running();
    if (args[0] === "bans") return this.firstAnswer(running, args);
    if (args[0] !== "explain") return this.runVerb(running[0]!, args);
    const settled = await Promise.allSettled(running.map((pod) => this.runVerb(pod, args)));
    const answers = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    if (answers.length === 0) throw (settled[0] as PromiseRejectedResult).reason;
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
      const page = BanPageSchema.parse(await this.firstAnswer(running, ["bans"]));
      const recent = page.rows.slice(0, 5).map((r) => ({ ip: r.ip, rule: r.rule, until: r.until }));
      return { activeBans: page.total, recent, error: down };
    } catch (error) {
      return { activeBans: null, recent: [], error: (error as Error).message };
    }
  }

  /**
   * Every running pod's audit log (current and first rotation), merged in time order with each
   * event once (merge-audits.ts). A pod that cannot be read is named; only when none can is the
   * log unavailable.
   */
  async audit(maxLines = 20_000): Promise<DetectorAuditLines> {
    const file = this.manifest.detector.audit.path ?? `${DETECTOR_PATHS.stateDir}/audit.jsonl`;
    const where = `${file} in the detector pods (namespace ${this.namespace})`;
    const running = (await this.list()).filter((p) => p.running);
    if (running.length === 0)
      return { lines: [], error: "no detector pod runs on the edge nodes", file: where };
    const script =
      'test -e "$1" || { echo "no audit log at $1"; exit 3; }; cat "$1.1" "$1" 2>/dev/null | tail -n "$2"';
    const results = await Promise.all(
      running.map(async (pod) => {
        try {
          const r = await this.client.exec(this.namespace, pod.name, [
            "sh",
            "-c",
            script,
            "sh",
            file,
            `${maxLines}`,
          ]);
          return r.exitCode === 0
            ? { lines: r.output.split("\n").filter((l) => l.trim() !== "") }
            : {
                problem: `${pod.name}: ${r.output.trim().split("\n")[0] || `exit ${r.exitCode}`}`,
              };
        } catch (error) {
          return { problem: `${pod.name}: ${(error as Error).message.split("\n")[0]}` };
        }
      }),
    );
    const problems: string[] = [];
    const read: string[][] = [];
    for (const r of results) {
      if (r.lines !== undefined) read.push(r.lines);
      else if (r.problem !== undefined) problems.push(r.problem);
    }
    if (read.length === 0) return { lines: [], error: problems.join("; "), file: where };
    const lines = mergeDetectorAudits(read).slice(-maxLines);
    const note = problems.length === 0 ? "" : ` (not read: ${problems.join("; ")})`;
    return { lines, error: null, file: `${where}${note}` };
  }

  /** The first answer of `args` from the pods in turn: a pod that cannot answer is passed over. */
  private async firstAnswer(
    pods: readonly DetectorPod[],
    args: readonly string[],
  ): Promise<unknown> {
    let failure: unknown;
    for (const pod of pods) {
      try {
        return await this.runVerb(pod, args);
      } catch (error) {
        failure = error;
      }
    }
    throw failure;
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
