import { execFile } from "node:child_process";

/** What a client container saw: status codes by count, and requests that got no answer. */
export interface ClientReport {
  readonly statuses: Record<string, number>;
  readonly failures: number;
  readonly sent: number;
}

export const NODE_IMAGE = "swiftdeploy/node-runtime:22.23.3";
export const TESTBED = "swiftdeploy-testbed";

/**
 * Node script run inside the client container: `count` requests to `url`, `concurrency` at a time,
 * `pauseMs` apart per worker, each with a 2 s timeout; prints a ClientReport as JSON. Bounded in
 * count and time by construction; gives up after `giveUpAfter` failures in a row (cut off: a ban).
 */
const CLIENT_SCRIPT = String.raw`
const [url, count, concurrency, pauseMs, headerJson, giveUpAfter] = process.argv.slice(1);
const headers = JSON.parse(headerJson);
const report = { statuses: {}, failures: 0, sent: 0 };
let next = 0;
let failuresInARow = 0;
async function worker() {
  while (next < Number(count) && failuresInARow < Number(giveUpAfter)) {
    next++;
    report.sent++;
    try {
      const res = await fetch(url, { headers, signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      report.statuses[res.status] = (report.statuses[res.status] ?? 0) + 1;
      failuresInARow = 0;
    } catch { report.failures++; failuresInARow++; }
    if (Number(pauseMs) > 0) await new Promise((r) => setTimeout(r, Number(pauseMs)));
  }
}
Promise.all(Array.from({ length: Number(concurrency) }, worker)).then(() => console.log(JSON.stringify(report)));
`;

/** Options of one client run. */
export interface ClientRun {
  readonly name: string;
  /** Its own address on the testbed network, so bans can be asserted by address. */
  readonly ip: string;
  /** Its own IPv6 address too (the network must have IPv6). */
  readonly ip6?: string;
  readonly url: string;
  readonly count: number;
  readonly concurrency: number;
  readonly pauseMs: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Stop after this many failed requests in a row (default: never, every request is sent). */
  readonly giveUpAfterFailures?: number;
  /** The Docker network it joins (default: the testbed's). */
  readonly network?: string;
}

/**
 * Runs a throwaway client container on the testbed network (or `run.network`) against the test
 * host's public URL (and nothing else), and resolves with what it saw; the container is removed either way.
 */
export function runClient(run: ClientRun): Promise<ClientReport> {
  return runClientScript(run, CLIENT_SCRIPT, [
    run.url,
    String(run.count),
    String(run.concurrency),
    String(run.pauseMs),
    JSON.stringify(run.headers ?? {}),
    String(run.giveUpAfterFailures ?? run.count + 1),
  ]);
}

/**
 * Runs `script` with `scriptArgs` in a throwaway container named `name` at `ip` (and `ip6`) on the
 * testbed network; the script prints a ClientReport as its last line. Removed either way.
 */
export function runClientScript(
  container: {
    readonly name: string;
    readonly ip: string;
    readonly ip6?: string;
    readonly network?: string;
  },
  script: string,
  scriptArgs: readonly string[],
): Promise<ClientReport> {
  const args = [
    "run",
    "--rm",
    "--name",
    container.name,
    "--network",
    container.network ?? TESTBED,
    "--ip",
    container.ip,
    ...(container.ip6 === undefined ? [] : ["--ip6", container.ip6]),
    "--entrypoint",
    "node",
    NODE_IMAGE,
    "-e",
    script,
    ...scriptArgs,
  ];
  return new Promise((resolve, reject) => {
    execFile("docker", args, { maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (error)
        return reject(new Error(`client ${container.name} failed: ${stderr || error.message}`));
      resolve(JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as ClientReport);
    });
  });
}
