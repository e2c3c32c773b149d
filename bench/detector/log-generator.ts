import { seededRandom, type RandomSource } from "../../core/random";

/** One kind of attacker in a generated log. */
export interface AttackerSpec {
  readonly kind: "flood" | "moderate" | "scanner" | "ipv6-rotator";
  /** Second (from the log's start) the attack begins, and how long it lasts. */
  readonly startSecond: number;
  readonly seconds: number;
  /** Requests per second. */
  readonly rps: number;
}

/** What to generate. */
export interface LogSpec {
  readonly seed: number;
  /** Stop after this many lines. */
  readonly lines: number;
  readonly benignV4: number;
  readonly benignV6: number;
  readonly attackers: readonly AttackerSpec[];
  /** Log time of the first second (epoch ms). */
  readonly startMs: number;
  /** Pad every this-many-th line's user agent with `padBytes` bytes (an over-long line). */
  readonly padEvery?: number;
  readonly padBytes?: number;
}

/** What was generated: who attacked (as the detector should name them) and who did not. */
export interface GeneratedLog {
  readonly lines: number;
  readonly seconds: number;
  readonly attackers: readonly string[];
  readonly benign: readonly string[];
}

const PATHS = [
  "/",
  "/index.html",
  "/app.js",
  "/app.css",
  "/logo.png",
  "/api/files",
  "/api/me",
  "/favicon.ico",
];
const AGENTS = ["Mozilla/5.0 (X11; Linux x86_64)", "Mozilla/5.0 (Macintosh)", "curl/8.5.0"];

function publicV4(random: RandomSource, used: Set<string>): string {
  for (;;) {
    const a = 11 + Math.floor(random() * 212);
    if (a === 127 || a === 100) continue;
    const ip = `${a}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}`;
    if (!used.has(ip)) {
      used.add(ip);
      return ip;
    }
  }
}

function hex(random: RandomSource): string {
  return Math.floor(random() * 0x10000).toString(16);
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function isoSecond(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+00:00`;
}

interface Benign {
  readonly ip: string;
  nextBurst: number;
}

/**
 * A deterministic Nginx JSON access log in the stack's layout (source_ip, peer_ip, timestamp,
 * status first): benign clients browse in page-load bursts (5–30 requests) separated by 15–120 s
 * of reading, while attackers flood, sustain a moderate rate, scan for 404s or rotate IPv6
 * addresses inside one /64. Lines go to `write` in chunks, in log-time order. With `padEvery`, every
 * such line carries a padded user agent (the same decisions are due: padding draws no randomness).
 */
export function generateLog(spec: LogSpec, write: (chunk: string) => void): GeneratedLog {
  const random = seededRandom(spec.seed);
  const used = new Set<string>();
  const benign: Benign[] = [];
  for (let i = 0; i < spec.benignV4; i++)
    benign.push({ ip: publicV4(random, used), nextBurst: Math.floor(random() * 60) });
  for (let i = 0; i < spec.benignV6; i++) {
    const ip = `2001:db8:${hex(random)}:${hex(random)}:${hex(random)}:${hex(random)}:${hex(random)}:${1 + i}`;
    benign.push({ ip, nextBurst: Math.floor(random() * 60) });
  }
  const attackers = spec.attackers.map((a, i) => ({
    ...a,
    ip:
      a.kind === "ipv6-rotator"
        ? `2001:db8:bad:${(i + 1).toString(16)}::/64`
        : publicV4(random, used),
  }));
  let lines = 0;
  let chunk: string[] = [];
  const padEvery = spec.padEvery ?? 0;
  const padding = "A".repeat(spec.padBytes ?? 0);
  const emit = (ip: string, ts: string, status: number, path: string): void => {
    const agent =
      padEvery > 0 && lines % padEvery === padEvery - 1 ? padding : AGENTS[lines % AGENTS.length];
    chunk.push(
      `{"source_ip":"${ip}","peer_ip":"${ip}","timestamp":"${ts}","status":${status},"method":"GET","path":"${path}","response_size":${200 + Math.floor(random() * 9000)},"request_time":0.00${1 + Math.floor(random() * 9)},"user_agent":"${agent}"}\n`,
    );
    lines++;
    if (chunk.length >= 4096) {
      write(chunk.join(""));
      chunk = [];
    }
  };
  let second = 0;
  for (; lines < spec.lines; second++) {
    const ts = isoSecond(spec.startMs + second * 1000);
    for (const b of benign) {
      if (b.nextBurst !== second) continue;
      const burst = 5 + Math.floor(random() * 26);
      for (let k = 0; k < burst && lines < spec.lines; k++) {
        const roll = random();
        emit(
          b.ip,
          ts,
          roll < 0.9 ? 200 : roll < 0.97 ? 304 : 404,
          PATHS[Math.floor(random() * PATHS.length)]!,
        );
      }
      b.nextBurst = second + 15 + Math.floor(random() * 106);
    }
    for (const a of attackers) {
      if (second < a.startSecond || second >= a.startSecond + a.seconds) continue;
      for (let k = 0; k < a.rps && lines < spec.lines; k++) {
        if (a.kind === "scanner")
          emit(a.ip, ts, random() < 0.9 ? 404 : 403, `/wp-admin/${hex(random)}.php`);
        else if (a.kind === "ipv6-rotator")
          emit(
            a.ip.replace("::/64", `:${hex(random)}:${hex(random)}:${hex(random)}:${hex(random)}`),
            ts,
            200,
            "/",
          );
        else emit(a.ip, ts, 200, PATHS[k % PATHS.length]!);
      }
    }
  }
  if (chunk.length > 0) write(chunk.join(""));
  return {
    lines,
    seconds: second,
    attackers: attackers.filter((a) => a.startSecond < second).map((a) => a.ip),
    benign: benign.map((b) => b.ip),
  };
}
