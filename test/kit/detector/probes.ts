/** One GET; prints the status code, "timeout" or "refused". Args: url timeoutMs. */
export const GET = `
const http = require("http");
const [url, ms] = process.argv.slice(1);
const req = http.get(url, { timeout: Number(ms) }, (res) => { res.resume(); console.log(String(res.statusCode)); });
req.on("timeout", () => { req.destroy(); console.log("timeout"); });
req.on("error", (e) => { if (e.code === "ECONNREFUSED") console.log("refused"); else if (!req.destroyed || e.message !== "socket hang up") console.log("error " + e.code); });
`;

/** A bounded flood: `count` GETs at `rate`/s over keep-alive, stopping at the first unanswered one. Args: url count rate. */
export const FLOOD = `
const http = require("http");
const [url, count, rate] = process.argv.slice(1).map((v, i) => (i === 0 ? v : Number(v)));
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
let sent = 0, ok = 0, fail = null, done = false;
const t0 = Date.now();
const iv = setInterval(() => {
  for (let i = 0; i < Math.max(1, rate / 100); i++) {
    if (sent >= count || fail !== null) { clearInterval(iv); finish(); return; }
    const at = Date.now() - t0; sent++;
    const req = http.get(url, { agent, timeout: 1500 }, (res) => { res.resume(); res.on("end", () => ok++); });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => { if (fail === null) fail = at; });
  }
}, 10);
function finish() { if (done) return; done = true; setTimeout(() => { console.log(JSON.stringify({ sent, ok, firstFailMs: fail })); process.exit(0); }, 2000); }
`;
