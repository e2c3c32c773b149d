import { spawn } from "node:child_process";

/** What a flood saw. */
export interface FloodResult {
  readonly sent: number;
  readonly ok: number;
  readonly failed: number;
  /** Milliseconds from the first request to the first one that got no answer (null: none). */
  readonly firstFailMs: number | null;
}

/** A bounded HTTP flood over keep-alive connections; it stops at the first unanswered request. */
const FLOOD = `
const http = require("http");
const [url, count, rate, timeout] = process.argv.slice(1, 5).map((v, i) => (i === 0 ? v : Number(v)));
const xff = process.argv[5];
const headers = xff === undefined ? {} : { "x-forwarded-for": xff };
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
let sent = 0, ok = 0, failed = 0, firstFail = null, done = false;
const t0 = Date.now();
function one() {
  const at = Date.now() - t0;
  sent++;
  const req = http.get(url, { agent, timeout, headers }, (res) => { res.resume(); res.on("end", () => ok++); });
  req.on("timeout", () => req.destroy(new Error("timeout")));
  req.on("error", () => { failed++; if (firstFail === null) firstFail = at; });
}
const perTick = Math.max(1, Math.round(rate / 100));
const iv = setInterval(() => {
  for (let i = 0; i < perTick; i++) {
    if (sent >= count || firstFail !== null) { clearInterval(iv); finish(); return; }
    one();
  }
}, 10);
function finish() {
  if (done) return;
  done = true;
  setTimeout(() => { console.log(JSON.stringify({ sent, ok, failed, firstFailMs: firstFail })); process.exit(0); }, timeout + 500);
}
`;

/** Floods `url` from namespace `ns`: at most `count` requests at `rate` per second. */
export function flood(
  ns: string,
  url: string,
  count: number,
  rate: number,
  timeoutMs = 1500,
  xff?: string,
): Promise<FloodResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      "ip",
      [
        "netns",
        "exec",
        ns,
        process.execPath,
        "-e",
        FLOOD,
        url,
        String(count),
        String(rate),
        String(timeoutMs),
        ...(xff === undefined ? [] : [xff]),
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    p.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const killer = setTimeout(() => p.kill("SIGKILL"), (count / rate) * 1000 + 30_000);
    p.on("close", () => {
      clearTimeout(killer);
      try {
        resolve(JSON.parse(out.trim()) as FloodResult);
      } catch {
        reject(new Error(`flood produced no result: ${out} ${err}`));
      }
    });
  });
}
