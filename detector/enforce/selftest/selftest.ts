import net from "node:net";
import type { Clock } from "../../../core/clock";
import type { DetectorSettings } from "../../../core/detector-settings";
import type { CommandRunner } from "../command-runner";
import type { Enforcer } from "../enforcer";
import { parseDockerNat } from "./docker-ports";
import { probe } from "./probe";
import {
  reached,
  type ProbeOutcome,
  type SelfTestCheck,
  type SelfTestResult,
} from "./selftest-result";
import { takeLock } from "./selftest-lock";
import { createTestNamespace, removeTestNamespace, type TestNamespace } from "./test-namespace";

/** What the self-test needs. */
export interface SelfTestDeps {
  readonly runner: CommandRunner;
  /** The kernel backend whose sets and rules are tested (bans the test address directly). */
  readonly kernel: Enforcer;
  readonly settings: DetectorSettings;
  readonly clock: Clock;
  readonly lockFile: string;
  /** Node binary for the probe inside the namespace (default: this one). */
  readonly node?: string;
}

interface Target {
  readonly name: string;
  readonly path: "INPUT" | "FORWARD";
  readonly host: string;
  readonly port: number;
}

const MAX_DOCKER_TARGETS = 3;

function listen(host: string, port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => socket.destroy());
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}

async function targets(
  deps: SelfTestDeps,
  ns: TestNamespace,
  hostPort: number | undefined,
): Promise<{ list: Target[]; notes: string[] }> {
  const list: Target[] = [];
  const notes: string[] = [];
  const s = deps.settings;
  if (!s.enforcement.chains.input)
    notes.push("host listeners (INPUT) are not enforced by configuration");
  else if (hostPort !== undefined)
    list.push({ name: `host port ${hostPort}`, path: "INPUT", host: ns.hostIp, port: hostPort });
  const nat = await deps.runner.run(["iptables", "-w", "-t", "nat", "-S", "DOCKER"]);
  let ports = nat.code === 0 ? parseDockerNat(nat.stdout) : [];
  if (s.selftest.dockerPorts.length > 0)
    ports = ports.filter((p) => s.selftest.dockerPorts.includes(p.port));
  for (const p of ports.slice(0, MAX_DOCKER_TARGETS))
    list.push({
      name: `Docker-published port ${p.address ?? "*"}:${p.port}`,
      path: "FORWARD",
      host: p.address ?? ns.hostIp,
      port: p.port,
    });
  if (ports.length === 0)
    notes.push("no Docker-published port found: the forward path was not tested");
  return { list, notes };
}

function judge(
  t: Target,
  before: SelfTestCheck["before"],
  after: SelfTestCheck["after"],
): SelfTestCheck {
  const base = { name: t.name, path: t.path, target: `${t.host}:${t.port}`, before, after };
  if (!reached(before))
    return {
      ...base,
      ok: false,
      detail: `inconclusive: ${t.host}:${t.port} was not reachable even without a ban (${before}), so the ban cannot be proven`,
    };
  if (after === "timeout")
    return {
      ...base,
      ok: true,
      detail: `dropped: reachable without the ban (${before}), silently dropped with it`,
    };
  const why =
    t.path === "FORWARD"
      ? "bans are not on the forward path (DOCKER-USER): rules in INPUT alone do not stop traffic to Docker-published ports"
      : "bans are not in INPUT for host listeners";
  return {
    ...base,
    ok: false,
    detail: `NOT dropped: a banned address reached ${t.host}:${t.port} (${after}): ${why}`,
  };
}

/**
 * Proves that a banned address cannot reach a host listener (INPUT) and Docker-published ports
 * (DOCKER-USER): a namespace of its own on a borrowed /30, a probe without the ban, the namespace's
 * address banned in the real set, the probe again. Everything it creates is removed, whatever happens.
 */
export async function runSelfTest(deps: SelfTestDeps): Promise<SelfTestResult> {
  const started = deps.clock.now();
  const result = (
    ok: boolean | null,
    checks: SelfTestCheck[],
    message: string,
  ): SelfTestResult => ({
    ok,
    at: new Date(deps.clock.now()).toISOString(),
    backend: deps.kernel.backend,
    checks,
    message,
    durationMs: deps.clock.now() - started,
  });
  if (deps.kernel.backend === "dry-run")
    return result(null, [], "dry run: there is no ban to test");
  const problems = await deps.kernel.verify();
  if (problems.length > 0)
    return result(false, [], `enforcement is not in place: ${problems.join("; ")}`);
  const unlock = takeLock(deps.lockFile);
  let ns: TestNamespace | undefined;
  let server: net.Server | undefined;
  const s = deps.settings.selftest;
  try {
    ns = await createTestNamespace(deps.runner, s.subnet);
    const inputPorts = deps.settings.enforcement.inputPorts;
    let hostPort = inputPorts[0];
    if (hostPort === undefined) {
      server = await listen(ns.hostIp, 0);
      hostPort = (server.address() as net.AddressInfo).port;
    }
    const { list, notes } = await targets(deps, ns, hostPort);
    if (list.length === 0) return result(null, [], `nothing to test: ${notes.join("; ")}`);
    const before: ProbeOutcome[] = [];
    for (const t of list)
      before.push(await probe(deps.runner, ns.name, t.host, t.port, s.probeTimeoutMs, deps.node));
    const ban = { key: ns.nsIp, family: 4 as const, except: [] };
    const applied = await deps.kernel.apply({ add: [{ ...ban, timeoutSeconds: 120 }], remove: [] });
    if (applied.failed.length > 0)
      return result(false, [], `could not ban the test address: ${applied.failed[0]!.error}`);
    const checks: SelfTestCheck[] = [];
    try {
      for (const [i, t] of list.entries())
        checks.push(
          judge(
            t,
            before[i]!,
            await probe(deps.runner, ns.name, t.host, t.port, s.probeTimeoutMs, deps.node),
          ),
        );
    } finally {
      await deps.kernel.apply({ add: [], remove: [ban] });
    }
    const failed = checks.filter((c) => !c.ok);
    const tail = notes.length > 0 ? ` (${notes.join("; ")})` : "";
    return failed.length === 0
      ? result(
          true,
          checks,
          `a banned address is dropped on ${checks.map((c) => c.name).join(" and ")}${tail}`,
        )
      : result(false, checks, `${failed.map((c) => `${c.name}: ${c.detail}`).join("; ")}${tail}`);
  } catch (error) {
    return result(false, [], `self-test could not run: ${(error as Error).message}`);
  } finally {
    server?.close();
    if (ns !== undefined) await removeTestNamespace(deps.runner, ns);
    unlock();
  }
}
