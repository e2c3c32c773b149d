import { API_ALIASES } from "../../components/naming";

/** The traffic split the proxy runs now, in percent per track. */
export interface ProxyWeights {
  readonly stable: number;
  readonly canary: number;
}

const SERVER = /^\s*server\s+([A-Za-z0-9._-]+):\d+([^;]*);/;

/**
 * The split from the nginx.conf deployed on the host (the proxy's truth, whatever the manifest
 * says): the `server` lines of the `upstream` block, by the tracks' network aliases. Null when the
 * file has no upstream the CLI knows.
 */
export function parseProxyWeights(conf: string): ProxyWeights | null {
  const start = conf.search(/upstream\s+\S+\s*\{/);
  if (start < 0) return null;
  const body = conf.slice(start, conf.indexOf("}", start));
  const weights: Record<string, number> = {};
  for (const line of body.split("\n")) {
    const match = SERVER.exec(line);
    if (match === null) continue;
    const weight = Number(/\bweight=(\d+)/.exec(match[2] ?? "")?.[1] ?? "1");
    if (match[1] === API_ALIASES.stable) weights.stable = (weights.stable ?? 0) + weight;
    if (match[1] === API_ALIASES.canary) weights.canary = (weights.canary ?? 0) + weight;
  }
  const total = (weights.stable ?? 0) + (weights.canary ?? 0);
  if (total === 0) return null;
  const canary = Math.round(((weights.canary ?? 0) * 100) / total);
  return { stable: 100 - canary, canary };
}
