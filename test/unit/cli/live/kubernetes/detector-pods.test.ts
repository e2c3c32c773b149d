import { describe, expect, it } from "vitest";
import type { KubeClient, PodExec } from "../../../../../components/kubernetes/kubectl-client";
import { DetectorPods } from "../../../../../cli/live/kubernetes/detector-pods";
import { Role } from "../../../../../core/roles";
import { MANIFEST, pod, TWIN_BAN } from "../../../../kit/cli/live-twins";

const BAN = TWIN_BAN;

/** Detector pods on three nodes: `answer` says what each pod's exec returns. */
function detectorPods(
  pods: unknown[],
  answer: (pod: string, command: readonly string[]) => PodExec | Error,
) {
  const calls: string[] = [];
  const client: KubeClient = {
    getJson: async () => ({ items: pods }),
    portForward: async () => {
      throw new Error("no forward here");
    },
    exec: async (_ns, name, command) => {
      calls.push(name);
      const a = answer(name, command);
      if (a instanceof Error) throw a;
      return a;
    },
    close: () => undefined,
  };
  return { pods: new DetectorPods(client, MANIFEST, "sd-detector"), calls };
}

const onNode = (name: string, node: string, options: Parameters<typeof pod>[2] = {}) => ({
  ...pod(name, Role.Detector, options),
  spec: { nodeName: node },
});
const json = (value: unknown): PodExec => ({ exitCode: 0, output: `${JSON.stringify(value)}\n` });

describe("DetectorPods", () => {
  it("never asks a pod that runs but is not Ready (a crash-looping detector)", async () => {
    const t = detectorPods(
      [onNode("detector-a", "w1", { ready: false }), onNode("detector-b", "w2")],
      () => json({ total: 1, rows: [BAN] }),
    );
    expect(await t.pods.summary()).toMatchObject({
      activeBans: 1,
      error: "1 of 2 detector pods run on the edge nodes",
    });
    expect(t.calls).toEqual(["detector-b"]);
  });

  it("bans: a pod that cannot answer is passed over for the next", async () => {
    const t = detectorPods([onNode("detector-a", "w1"), onNode("detector-b", "w2")], (name) =>
      name === "detector-a"
        ? { exitCode: 1, output: "error: unable to upgrade connection: container not found" }
        : json({ total: 1, rows: [BAN] }),
    );
    expect(await t.pods.verb(["bans"])).toMatchObject({ total: 1 });
    expect(t.calls).toEqual(["detector-a", "detector-b"]);
  });

  it("explain asks every pod, keeps the one that decided the ban, and survives a pod that fails", async () => {
    const t = detectorPods(
      [onNode("detector-a", "w1"), onNode("detector-b", "w2"), onNode("detector-c", "w3")],
      (name) =>
        name === "detector-a"
          ? new Error("kubectl exec failed")
          : name === "detector-b"
            ? json({ ip: BAN.ip, banned: { ...BAN, decision: null }, offender: null, history: [] })
            : json({ ip: BAN.ip, banned: BAN, offender: null, history: [{ event: "ban" }] }),
    );
    expect(await t.pods.verb(["explain", BAN.ip])).toMatchObject({
      banned: { decision: { evidence: { requests: 900 } } },
      history: [{ event: "ban" }],
    });
  });

  it("a ban is made once, in one pod: the shared list carries it to every node", async () => {
    const t = detectorPods([onNode("detector-a", "w1"), onNode("detector-b", "w2")], () =>
      json({ banned: BAN }),
    );
    await t.pods.verb(["ban", BAN.ip, "--duration", "10m"]);
    expect(t.calls).toEqual(["detector-a"]);
  });

  it("audit names a pod it could not read and merges the others'; none readable is an error", async () => {
    const line = JSON.stringify({ time: "2026-12-05T09:30:00.000Z", event: "ban" });
    const some = detectorPods([onNode("detector-a", "w1"), onNode("detector-b", "w2")], (name) =>
      name === "detector-a"
        ? { exitCode: 3, output: "no audit log at /var/lib/swiftdeploy/detector/audit.jsonl\n" }
        : { exitCode: 0, output: `${line}\n` },
    );
    const audit = await some.pods.audit();
    expect(audit.lines).toEqual([line]);
    expect(audit.error).toBeNull();
    expect(audit.file).toContain(
      "(not read: detector-a: no audit log at /var/lib/swiftdeploy/detector/audit.jsonl)",
    );
    const none = detectorPods([onNode("detector-a", "w1")], () => new Error("forbidden"));
    expect(await none.pods.audit()).toMatchObject({ lines: [], error: "detector-a: forbidden" });
  });
});
