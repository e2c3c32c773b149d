/**
 * Node scripts run inside the bench's network namespaces (with `ip netns exec … node -e`), so the
 * traffic really comes from the namespace's addresses.
 */

/** Steady benign clients: one per source address, `rps` each, until killed. Args: url rps addr… */
export const BACKGROUND = `
const http = require("http");
const [url, rps, ...addresses] = process.argv.slice(1);
for (const localAddress of addresses) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1, localAddress });
  const every = 1000 / Number(rps);
  setTimeout(() => setInterval(() => {
    http.get(url, { agent, timeout: 2000 }, (res) => res.resume()).on("error", () => undefined);
  }, every), Math.random() * every);
}
`;

/**
 * One attacker at a fixed rate over keep-alive connections from \`localAddress\`, until the first
 * request that gets no answer (the kernel dropped it) or \`max\` requests. Prints the time from the
 * first request to the first unanswered one, from the \`threshold\`-th request (the one that earns the
 * ban) to it, and the requests answered. Args: url rate max addr threshold.
 */
export const FLOOD = `
const http = require("http");
const [url, rate, max, localAddress, threshold] = process.argv.slice(1);
let thresholdAt = null;
const agent = new http.Agent({ keepAlive: true, maxSockets: 16, localAddress });
const t0 = performance.now();
let sent = 0, answered = 0, firstUnanswered = null, stop = false;
const perTick = Number(rate) / 200;
let owed = 0;
const timer = setInterval(() => {
  owed += perTick;
  while (owed >= 1 && !stop && sent < Number(max)) {
    owed--;
    const at = performance.now() - t0;
    sent++;
    if (sent === Number(threshold)) thresholdAt = at;
    const req = http.get(url, { agent, timeout: 1000 }, (res) => { res.resume(); res.on("end", () => answered++); });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => { if (firstUnanswered === null || at < firstUnanswered) firstUnanswered = at; stop = true; });
  }
  if (stop || sent >= Number(max)) {
    clearInterval(timer);
    setTimeout(() => { console.log(JSON.stringify({ sent, answered, firstUnansweredMs: firstUnanswered, afterThresholdMs: firstUnanswered === null || thresholdAt === null ? null : firstUnanswered - thresholdAt })); process.exit(0); }, 1500);
  }
}, 5);
`;
