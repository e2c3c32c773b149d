import { randomBytes } from "node:crypto";
import { describeFailure, type CommandRunner } from "../command-runner";

/** A network namespace joined to the host by a veth pair on a borrowed /30. */
export interface TestNamespace {
  readonly name: string;
  readonly hostIf: string;
  readonly hostIp: string;
  readonly nsIp: string;
}

function addresses(subnet: string): { hostIp: string; nsIp: string } {
  const [base] = subnet.split("/");
  const octets = base!.split(".").map(Number);
  const n = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  const net = n & ~3;
  const ip = (v: number) => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join(".");
  return { hostIp: ip((net + 1) >>> 0), nsIp: ip((net + 2) >>> 0) };
}

/** The `ip` commands that create the namespace (each one logged by the runner). */
export function namespaceCommands(ns: TestNamespace, nsIf: string): string[][] {
  const inNs = (...argv: string[]) => ["ip", "netns", "exec", ns.name, ...argv];
  return [
    ["ip", "netns", "add", ns.name],
    ["ip", "link", "add", ns.hostIf, "type", "veth", "peer", "name", nsIf],
    ["ip", "link", "set", nsIf, "netns", ns.name],
    ["ip", "addr", "add", `${ns.hostIp}/30`, "dev", ns.hostIf],
    ["ip", "link", "set", ns.hostIf, "up"],
    inNs("ip", "addr", "add", `${ns.nsIp}/30`, "dev", nsIf),
    inNs("ip", "link", "set", nsIf, "up"),
    inNs("ip", "link", "set", "lo", "up"),
    inNs("ip", "route", "add", "default", "via", ns.hostIp),
  ];
}

/** Creates the namespace; on any failure removes what was made and throws. */
export async function createTestNamespace(
  runner: CommandRunner,
  subnet: string,
): Promise<TestNamespace> {
  const id = randomBytes(3).toString("hex");
  const ns: TestNamespace = {
    name: `sd-selftest-${id}`,
    hostIf: `sdst${id}h`,
    ...addresses(subnet),
  };
  for (const argv of namespaceCommands(ns, `sdst${id}n`)) {
    const r = await runner.run(argv);
    if (r.code !== 0) {
      await removeTestNamespace(runner, ns);
      throw new Error(describeFailure(argv, r));
    }
  }
  return ns;
}

/** Removes the namespace and its veth pair (idempotent). */
export async function removeTestNamespace(runner: CommandRunner, ns: TestNamespace): Promise<void> {
  await runner.run(["ip", "netns", "del", ns.name]);
  const link = await runner.run(["ip", "link", "show", ns.hostIf]);
  if (link.code === 0) await runner.run(["ip", "link", "del", ns.hostIf]);
}
