import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ManualClock } from "../../../../core/clock";
import type { SharedBanAccess } from "../../../../detector/daemon/daemon-deps";
import { daemonRun, type DaemonRun } from "../../../kit/detector/daemon";
import { steady, T0, traffic } from "../../../kit/detector/lines";
import { FakeKubeApi } from "../../../kit/detector/fake-kube-api";

const FLOOD = (ip: string) => steady(ip, 10, 30, 100);
const ATTACKER = "203.0.113.1";

async function until(what: () => boolean | Promise<boolean>, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** What a node's dry-run backend holds, by key, with the seconds left. */
async function held(run: DaemonRun): Promise<Map<string, number | null>> {
  const bans = await run.daemon.enforcement.enforcers[0]!.list();
  return new Map(bans.map((b) => [b.key, b.timeoutSeconds]));
}

let fake: FakeKubeApi;
let url: string;
const runs: DaemonRun[] = [];

function node(name: string, dir?: string): DaemonRun {
  const access: SharedBanAccess = { target: { url }, namespace: fake.namespace, node: name };
  const run = daemonRun(
    { sharedBans: { kind: "kubernetes-configmap" } },
    [],
    { sharedBans: access, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
    dir,
  );
  runs.push(run);
  return run;
}

const clockOf = (run: DaemonRun) => run.daemon.parts.deps.clock as ManualClock;

beforeEach(async () => {
  fake = new FakeKubeApi();
  url = await fake.listen();
});
afterEach(async () => {
  for (const r of runs.splice(0)) await r.stop().catch(() => undefined);
  await fake.close();
});

describe("two detectors sharing one ban list (fake API server on loopback, dry-run kernels)", () => {
  it("a ban decided on one node is held on the other until the same moment, and ends there at that moment", async () => {
    const a = node("edge-a");
    const b = node("edge-b");
    await a.daemon.start();
    await b.daemon.start();
    a.append(traffic(FLOOD(ATTACKER)));
    a.daemon.loop.step();
    const decided = a.decisions.find((d) => d.type === "ban") as { until: string } | undefined;
    expect(decided).toBeDefined();
    await until(async () => (await held(b)).has(ATTACKER));
    const untilMs = Date.parse(decided!.until);
    expect((await held(b)).get(ATTACKER)).toBe((untilMs - clockOf(b).now()) / 1000);
    expect(b.daemon.loop.engine.ledger.get(ATTACKER)?.untilMs).toBe(untilMs);
    expect(JSON.parse(Object.values(fake.current)[0]!)).toMatchObject({
      ip: ATTACKER,
      node: "edge-a",
      until: decided!.until,
    });
    expect(b.decisions.filter((d) => d.type === "ban")).toEqual([]);

    clockOf(b).set(untilMs);
    b.daemon.loop.step();
    expect(b.decisions.filter((d) => d.type === "unban")).toMatchObject([
      { ip: ATTACKER, rule: "ban-expired" },
    ]);
    await until(async () => !(await held(b)).has(ATTACKER));
    await until(() => Object.keys(fake.current).length === 0);
  });

  it("an operator's lift on one node lifts the ban on the other", async () => {
    const a = node("edge-a");
    const b = node("edge-b");
    await a.daemon.start();
    await b.daemon.start();
    a.append(traffic(FLOOD(ATTACKER)));
    a.daemon.loop.step();
    await until(async () => (await held(b)).has(ATTACKER));
    await a.daemon.actions.unban({ ip: ATTACKER });
    await until(async () => !(await held(b)).has(ATTACKER));
    expect(b.decisions.filter((d) => d.type === "unban")).toMatchObject([
      { ip: ATTACKER, rule: "shared-lift" },
    ]);
    expect(fake.current).toEqual({});
  });

  it("a node that starts afresh (a new pod, a rebooted node) holds the listed bans from its first list", async () => {
    const a = node("edge-a");
    await a.daemon.start();
    a.append(traffic(FLOOD(ATTACKER)));
    a.daemon.loop.step();
    await until(() => Object.keys(fake.current).length === 1);
    const fresh = node("edge-b");
    await fresh.daemon.start();
    expect((await held(fresh)).has(ATTACKER)).toBe(true);
    const dir = fresh.dir;
    await fresh.daemon.stop();
    fs.rmSync(`${dir}/state/bans.json`, { force: true });
    const again = node("edge-b", dir);
    await again.daemon.start();
    expect((await held(again)).has(ATTACKER)).toBe(true);
    expect(clockOf(again).now()).toBe(T0);
  });

  it("keeps detecting and banning locally when the API is unreachable, and says so", async () => {
    await fake.close();
    const a = node("edge-a");
    await a.daemon.start();
    a.append(traffic(FLOOD(ATTACKER)));
    a.daemon.loop.step();
    await until(async () => (await held(a)).has(ATTACKER));
    await until(() =>
      a.logs.some((l) => l.msg === "shared ban list not updated; the ban holds on this node only"),
    );
    expect(a.logs.some((l) => l.msg === "shared ban list not readable; retrying")).toBe(true);
    fake = new FakeKubeApi();
    await fake.listen();
  });
});
