import { randomInt } from "node:crypto";
import { must, sh } from "./sh";

/** A namespace joined to the host by a veth pair on its own /30. */
export interface TestNs {
  readonly name: string;
  readonly hostIf: string;
  readonly hostIp: string;
  readonly ip: string;
}

/** A free 172.30.X.0/24 (no route to it on this host yet), for this run's namespaces. */
export function freeSubnet(): string {
  for (let attempt = 0; attempt < 50; attempt++) {
    const x = randomInt(1, 255);
    const routes = sh(["ip", "-4", "route", "show", "to", "match", `172.30.${x}.1`]).stdout;
    if (!routes.includes(`172.30.${x}.`)) return `172.30.${x}`;
  }
  throw new Error("no free 172.30.X.0/24 for the test namespaces");
}

/** Creates namespace `name` on subnet `prefix`.`base`/30 (host .base+1, namespace .base+2). */
export function createNs(name: string, prefix: string, base: number, tag: string): TestNs {
  const ns: TestNs = {
    name,
    hostIf: `${tag}h${base}`,
    hostIp: `${prefix}.${base + 1}`,
    ip: `${prefix}.${base + 2}`,
  };
  const nsIf = `${tag}n${base}`;
  const inNs = (...argv: string[]) => must(["ip", "netns", "exec", name, ...argv]);
  must(["ip", "netns", "add", name]);
  must(["ip", "link", "add", ns.hostIf, "type", "veth", "peer", "name", nsIf]);
  must(["ip", "link", "set", nsIf, "netns", name]);
  must(["ip", "addr", "add", `${ns.hostIp}/30`, "dev", ns.hostIf]);
  must(["ip", "link", "set", ns.hostIf, "up"]);
  inNs("ip", "addr", "add", `${ns.ip}/30`, "dev", nsIf);
  inNs("ip", "link", "set", nsIf, "up");
  inNs("ip", "link", "set", "lo", "up");
  inNs("ip", "route", "add", "default", "via", ns.hostIp);
  return ns;
}

/** Removes a namespace and its veth pair (idempotent). */
export function removeNs(ns: { name: string; hostIf: string }): void {
  sh(["ip", "netns", "del", ns.name]);
  if (sh(["ip", "link", "show", ns.hostIf]).code === 0) sh(["ip", "link", "del", ns.hostIf]);
}

/** One HTTP GET from inside a namespace: the status code, or "timeout"/"refused". */
export function curlFrom(ns: string, url: string, maxSeconds = 2, headers: string[] = []): string {
  const r = sh(
    [
      "ip",
      "netns",
      "exec",
      ns,
      "curl",
      "-s",
      "-o",
      "/dev/null",
      "-w",
      "%{http_code}",
      "--max-time",
      String(maxSeconds),
      ...headers.flatMap((h) => ["-H", h]),
      url,
    ],
    (maxSeconds + 5) * 1000,
  );
  if (r.code === 28) return "timeout";
  if (r.code === 7) return "refused";
  return r.stdout.trim() || `curl exit ${r.code}`;
}
