import { runClientScript, type ClientReport } from "./client-container";

/**
 * Node script run inside the client container: `count` raw HTTP/1.1 GETs to host:port,
 * `concurrency` at a time, each with a User-Agent of `padBytes` bytes of `padByte` (fetch refuses
 * control bytes in headers, so the request is written on a socket). A request without a status
 * line within 2 s is a failure; gives up after `giveUpAfter` failures in a row (cut off: a ban).
 */
const PADDED_SCRIPT = String.raw`
const net = require("node:net");
const [host, port, count, concurrency, padByte, padBytes, giveUpAfter] = process.argv.slice(1);
const pad = Buffer.alloc(Number(padBytes), Number(padByte)).toString("latin1");
const request = Buffer.from("GET / HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: " + pad + "\r\nConnection: close\r\n\r\n", "latin1");
const report = { statuses: {}, failures: 0, sent: 0 };
let next = 0;
let failuresInARow = 0;
function once() {
  return new Promise((resolve) => {
    let answer = "";
    const socket = net.connect(Number(port), host, () => socket.write(request));
    const done = (status) => { clearTimeout(timer); socket.destroy(); resolve(status); };
    const timer = setTimeout(() => done(undefined), 2000);
    socket.on("data", (chunk) => {
      answer += chunk.toString("latin1");
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(answer);
      if (m) done(m[1]);
    });
    socket.on("error", () => done(undefined));
    socket.on("close", () => done(undefined));
  });
}
async function worker() {
  while (next < Number(count) && failuresInARow < Number(giveUpAfter)) {
    next++;
    report.sent++;
    const status = await once();
    if (status === undefined) { report.failures++; failuresInARow++; }
    else { report.statuses[status] = (report.statuses[status] ?? 0) + 1; failuresInARow = 0; }
  }
}
Promise.all(Array.from({ length: Number(concurrency) }, worker)).then(() => console.log(JSON.stringify(report)));
`;

/** Options of one padded client run. */
export interface PaddedRun {
  readonly name: string;
  /** Its own address on the testbed network. */
  readonly ip: string;
  /** The test host's public address and port (and nothing else). */
  readonly host: string;
  readonly port: number;
  readonly count: number;
  readonly concurrency: number;
  /** User-Agent padding: this byte (0x01: six bytes once escaped as JSON), this many times. */
  readonly padByte: number;
  readonly padBytes: number;
  readonly giveUpAfterFailures: number;
}

/** Runs a throwaway container that floods with padded requests; resolves with what it saw. */
export function runPaddedClient(run: PaddedRun): Promise<ClientReport> {
  return runClientScript(run, PADDED_SCRIPT, [
    run.host,
    String(run.port),
    String(run.count),
    String(run.concurrency),
    String(run.padByte),
    String(run.padBytes),
    String(run.giveUpAfterFailures),
  ]);
}
