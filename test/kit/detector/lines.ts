import { ACCESS_LOG_FIELDS, LogKey, SEED_LEADING_KEYS } from "../../../core/access-log-layout";
import {
  DetectorSettingsSchema,
  type DetectorSettings,
  type DetectorSettingsInput,
} from "../../../core/detector-settings";
import type { Decision } from "../../../detector/decide/decision";
import type { BadLineSample } from "../../../detector/engine/bad-line-sampler";
import { DetectorEngine } from "../../../detector/engine/engine";

/** 2026-04-27T00:00:00Z, the log time most tests start at. */
export const T0 = Date.UTC(2026, 3, 27, 0, 0, 0);

/** Nginx's `$time_iso8601` rendering of a log time. */
export function iso8601(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

/** The values the kit writes, by key: what a plain GET of "/" logs. */
function sampleValues(ip: string, peer: string, ms: number, status: number) {
  return {
    [LogKey.SourceIp]: ip,
    [LogKey.PeerIp]: peer,
    [LogKey.Timestamp]: iso8601(ms),
    [LogKey.Status]: status,
    [LogKey.Method]: "GET",
    [LogKey.Path]: "/",
    [LogKey.ResponseSize]: 512,
  } as Record<string, unknown>;
}

function lineOf(keys: readonly string[], values: Record<string, unknown>, extra: object): string {
  return JSON.stringify({ ...Object.fromEntries(keys.map((key) => [key, values[key]])), ...extra });
}

/** One access-log line in the seed's format (plus any extra fields). */
export function accessLine(
  ip: string,
  ms: number,
  status = 200,
  extra: Record<string, unknown> = {},
): string {
  const keys = [...SEED_LEADING_KEYS, LogKey.ResponseSize];
  return lineOf(keys, sampleValues(ip, ip, ms, status), extra);
}

/**
 * One access-log line in the layout the stack's Nginx writes (core/access-log-layout.ts: peer_ip
 * second, status fourth), with the fields the kit has values for.
 */
export function nginxLine(
  ip: string,
  peer: string,
  ms: number,
  status = 200,
  extra: Record<string, unknown> = {},
): string {
  const values = sampleValues(ip, peer, ms, status);
  const keys = ACCESS_LOG_FIELDS.map((field) => field.name).filter((key) => key in values);
  return lineOf(keys, values, extra);
}

/** A timed request for `traffic`. */
export interface Hit {
  readonly ip: string;
  readonly ms: number;
  readonly status: number;
}

/** `rps` requests per second from `ip` for `seconds`, starting `fromSecond` after T0. */
export function steady(
  ip: string,
  fromSecond: number,
  seconds: number,
  rps: number,
  status = 200,
): Hit[] {
  const hits: Hit[] = [];
  for (let s = 0; s < seconds; s++) {
    const whole = Math.floor(rps * (s + 1)) - Math.floor(rps * s);
    for (let k = 0; k < whole; k++) hits.push({ ip, ms: T0 + (fromSecond + s) * 1000 + k, status });
  }
  return hits;
}

/** `count` requests from `ip` within one second (a page load). */
export function burst(ip: string, atSecond: number, count: number, status = 200): Hit[] {
  return Array.from({ length: count }, (_, k) => ({ ip, ms: T0 + atSecond * 1000 + k, status }));
}

/** Hits merged into log order, as lines. */
export function traffic(...groups: Hit[][]): string[] {
  return groups
    .flat()
    .sort((a, b) => a.ms - b.ms || a.ip.localeCompare(b.ip))
    .map((h) => accessLine(h.ip, h.ms, h.status));
}

/** Fully defaulted settings with overrides. */
export function settings(overrides: DetectorSettingsInput = {}): DetectorSettings {
  return DetectorSettingsSchema.parse(overrides);
}

/** What an engine run produced. */
export interface EngineRun {
  readonly engine: DetectorEngine;
  readonly decisions: Decision[];
  readonly badSamples: BadLineSample[];
  feed(lines: readonly string[]): void;
}

/** An engine that records its decisions; feed it lines (strings or raw bytes). */
export function engineRun(
  overrides: DetectorSettingsInput = {},
  hostAddresses: string[] = [],
): EngineRun {
  const decisions: Decision[] = [];
  const badSamples: BadLineSample[] = [];
  const engine = new DetectorEngine({
    settings: settings(overrides),
    hostAddresses,
    onDecision: (d) => decisions.push(d),
    onBadLine: (s) => badSamples.push(s),
  });
  return {
    engine,
    decisions,
    badSamples,
    feed(lines) {
      const buf = Buffer.from(`${lines.join("\n")}\n`, "utf8");
      for (let start = 0; start < buf.length; ) {
        const end = buf.indexOf(10, start);
        engine.line(buf, start, end);
        start = end + 1;
      }
    },
  };
}

/** The `ip`s of the ban decisions, in order. */
export function bannedIps(decisions: readonly Decision[]): string[] {
  return decisions.filter((d) => d.type === "ban").map((d) => (d as { ip: string }).ip);
}
