import { randomBytes } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  DetectorSettingsSchema,
  type DetectorSettingsInput,
} from "../../../core/detector-settings";
import { nodeCommandRunner } from "../../../detector/enforce/command-runner";
import type { Enforcer } from "../../../detector/enforce/enforcer";
import { IpsetEnforcer } from "../../../detector/enforce/ipset-enforcer";
import { NftEnforcer } from "../../../detector/enforce/nft-enforcer";
import { removeKernelObjects, rulesMentioning } from "../../kit/detector/kernel";
import { createNs, curlFrom, freeSubnet, removeNs, type TestNs } from "../../kit/detector/netns";
import { requireTools } from "../../kit/detector/sh";

// An operator behind the same NAT as an attacker shares the attacker's banned address. The host's
// SSH port (here a stand-in listener) must stay reachable for that address; every other port not.
let name = "";
let ns: TestNs | undefined;
let listeners: ChildProcess[] = [];

beforeAll(() => {
  requireTools({
    ip: "iproute2",
    ipset: "ipset",
    iptables: "iptables",
    nft: "nftables",
    curl: "curl",
  });
});

afterEach(async () => {
  for (const child of listeners) child.kill("SIGTERM");
  listeners = [];
  if (ns !== undefined) removeNs(ns);
  ns = undefined;
  if (name !== "") removeKernelObjects(name);
  name = "";
});

/** An HTTP listener in a process of its own: curlFrom blocks this one while it waits. */
async function listen(host: string, port: number): Promise<void> {
  const script = `require("http").createServer((q, r) => r.end("ok")).listen(${port}, "${host}", () => console.log("up"))`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  listeners.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`listener on ${host}:${port} exited (${code})`)));
  });
}

function enforcerFor(
  backend: "ipset" | "nftables",
  enforcement: DetectorSettingsInput["enforcement"],
): Enforcer {
  const settings = DetectorSettingsSchema.parse({
    enforcement: {
      backend,
      setName: name,
      ipv6: false,
      chains: { dockerUser: false },
      ...enforcement,
    },
  }).enforcement;
  const runner = nodeCommandRunner(() => undefined);
  return backend === "ipset"
    ? new IpsetEnforcer(settings, runner)
    : new NftEnforcer(settings, runner);
}

describe.each(["ipset", "nftables"] as const)(
  "a banned address on the INPUT path with %s",
  (backend) => {
    it("still reaches the SSH port, also after a configuration without the exemption, and nothing else", async () => {
      const id = randomBytes(2).toString("hex");
      name = `sdx${id}`;
      ns = createNs(`${name}-op`, freeSubnet(), 0, name);
      const base = 20_000 + (parseInt(id, 16) % 2000);
      const [ssh, other] = [base, base + 1];
      await listen(ns.hostIp, ssh);
      await listen(ns.hostIp, other);
      const reach = (port: number) => curlFrom(ns!.name, `http://${ns!.hostIp}:${port}/`, 2);

      // What an older detector set up: INPUT drops every port of a banned address.
      await enforcerFor(backend, { inputExemptPorts: [] }).setup();
      const enforcer = enforcerFor(backend, { inputExemptPorts: [ssh] });
      await enforcer.setup();
      expect(await enforcer.verify()).toEqual([]);
      const applied = await enforcer.apply({
        add: [{ key: ns.ip, family: 4, timeoutSeconds: 120, except: [] }],
        remove: [],
      });
      expect(applied.failed).toEqual([]);

      expect([reach(ssh), reach(other)]).toEqual(["200", "timeout"]);
      if (backend === "ipset") expect(rulesMentioning(name)).toHaveLength(2);
    });
  },
);
