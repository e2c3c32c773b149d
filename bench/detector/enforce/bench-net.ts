import { spawn, type ChildProcess } from "node:child_process";
import { must, sh } from "../../../test/kit/detector/sh";
import { freeSubnet } from "../../../test/kit/detector/netns";

/** A namespace on its own /24 with several client addresses. */
export interface BenchNs {
  readonly name: string;
  readonly hostIf: string;
  readonly hostIp: string;
  readonly addresses: string[];
}

/** Creates a namespace with `count` addresses on a free 172.30.X.0/24 (host side .1). */
export function benchNs(name: string, tag: string, count: number): BenchNs {
  const prefix = freeSubnet();
  const hostIf = `${tag}h`;
  const nsIf = `${tag}n`;
  const addresses = Array.from({ length: count }, (_, i) => `${prefix}.${10 + i}`);
  must(["ip", "netns", "add", name]);
  must(["ip", "link", "add", hostIf, "type", "veth", "peer", "name", nsIf]);
  must(["ip", "link", "set", nsIf, "netns", name]);
  must(["ip", "addr", "add", `${prefix}.1/24`, "dev", hostIf]);
  must(["ip", "link", "set", hostIf, "up"]);
  for (const a of addresses)
    must(["ip", "netns", "exec", name, "ip", "addr", "add", `${a}/24`, "dev", nsIf]);
  must(["ip", "netns", "exec", name, "ip", "link", "set", nsIf, "up"]);
  must(["ip", "netns", "exec", name, "ip", "link", "set", "lo", "up"]);
  return { name, hostIf, hostIp: `${prefix}.1`, addresses };
}

/** Removes a bench namespace (idempotent). */
export function removeBenchNs(ns: { name: string; hostIf: string }): void {
  sh(["ip", "netns", "del", ns.name]);
  if (sh(["ip", "link", "show", ns.hostIf]).code === 0) sh(["ip", "link", "del", ns.hostIf]);
}

/** Starts a Node script inside a namespace. */
export function nodeIn(ns: string, script: string, args: string[]): ChildProcess {
  return spawn("ip", ["netns", "exec", ns, process.execPath, "-e", script, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Runs a Node script inside a namespace to completion and returns its stdout. */
export function nodeInDone(
  ns: string,
  script: string,
  args: string[],
  limitMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = nodeIn(ns, script, args);
    let out = "";
    p.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => p.kill("SIGKILL"), limitMs);
    p.on("close", () => {
      clearTimeout(timer);
      if (out.trim() === "") reject(new Error(`no output from ${ns}`));
      else resolve(out.trim());
    });
  });
}
