import type { BanDecision } from "../decide/decision";
import { containsV4, containsV6, parseCidr } from "../address/cidr";
import { parseAddress } from "../address/ip-parse";

/** Where a ban is enforced. */
export interface BanRoute {
  readonly kernel: boolean;
  readonly nginx: boolean;
}

function xffOf(sample: string): string | undefined {
  const m = /"xff":"((?:[^"\\]|\\.)*)"/.exec(sample);
  return m === null ? undefined : m[1];
}

function within(ban: string, address: string): boolean {
  const net = parseCidr(ban);
  const a = parseAddress(address.trim());
  if (net === undefined || a === undefined) return false;
  if (net.family === 4 && a.family === 4) return containsV4(net, a.v4);
  if (net.family === 6 && a.family === 6) return containsV6(net, a.v6);
  return false;
}

/**
 * Where to enforce a ban when client addresses are forwarded by trusted proxies. Nginx denies it
 * in every case (it judges the same address the log shows); the kernel drops it too only when
 * every sample line shows the client connected directly (no X-Forwarded-For naming it), because a
 * forwarded address is not the connecting peer. Unreadable samples count as forwarded.
 */
export function routeBan(decision: BanDecision, forwarded: boolean): BanRoute {
  if (!forwarded) return { kernel: true, nginx: false };
  const samples = decision.evidence.samples;
  const direct =
    samples.length > 0 &&
    samples.every((s) => {
      const xff = xffOf(s);
      if (xff === undefined) return false;
      return xff === "" || xff === "-" || !xff.split(",").some((a) => within(decision.ip, a));
    });
  return { kernel: direct, nginx: true };
}
