import type { BanDecision } from "../decide/decision";
import { containsV4, containsV6, parseCidr } from "../address/cidr";
import { parseAddress } from "../address/ip-parse";

/** Where a ban is enforced. */
export interface BanRoute {
  readonly kernel: boolean;
  readonly nginx: boolean;
}

function peerOf(sample: string): string | undefined {
  const m = /"peer_ip":"([^"\\]*)"/.exec(sample);
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
 * every sample line's connecting peer (`peer_ip`, Nginx's $realip_remote_addr) is the banned
 * client itself, because a forwarded client's packets come from its proxy. What a client writes in
 * X-Forwarded-For plays no part. Samples without a peer (an older log format) count as forwarded.
 * A manual ban (`operator`) goes to both.
 */
export function routeBan(decision: BanDecision, forwarded: boolean): BanRoute {
  if (!forwarded) return { kernel: true, nginx: false };
  // An operator named the address itself: drop it in the kernel too, whatever its proxies.
  if (decision.operator !== undefined) return { kernel: true, nginx: true };
  const samples = decision.evidence.samples;
  const direct =
    samples.length > 0 &&
    samples.every((s) => {
      const peer = peerOf(s);
      return peer !== undefined && within(decision.ip, peer);
    });
  return { kernel: direct, nginx: true };
}
