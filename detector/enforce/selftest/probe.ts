import type { CommandRunner } from "../command-runner";
import type { ProbeOutcome } from "./selftest-result";

/** Runs inside the namespace with this process's own Node binary: one TCP connect, one word out. */
const PROBE = [
  'const net = require("net");',
  "const [host, port, ms] = process.argv.slice(1);",
  "const s = net.connect({ host, port: Number(port) });",
  "const done = (w) => { console.log(w); process.exit(0); };",
  'setTimeout(() => done("timeout"), Number(ms));',
  's.on("connect", () => { s.destroy(); done("connected"); });',
  's.on("error", (e) => done(e.code === "ECONNREFUSED" ? "refused" : "error"));',
].join("\n");

/** Connects from namespace `ns` to host:port; a dropped SYN shows as "timeout". */
export async function probe(
  runner: CommandRunner,
  ns: string,
  host: string,
  port: number,
  timeoutMs: number,
  node: string = process.execPath,
): Promise<ProbeOutcome> {
  const r = await runner.run(
    ["ip", "netns", "exec", ns, node, "-e", PROBE, host, String(port), String(timeoutMs)],
    { timeoutMs: timeoutMs + 10_000 },
  );
  const word = r.stdout.trim();
  return word === "connected" || word === "refused" || word === "timeout" ? word : "error";
}
