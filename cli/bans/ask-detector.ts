import { isIP } from "node:net";
import type { CliContext } from "../context";
import { liveTargetOf, requireFeature } from "../targets/registry";
import { UsageError } from "../usage-error";
import { releaseStore, withLiveStack } from "../wiring";

/**
 * Runs one of the detector's operator verbs where the stack runs and returns its JSON answer.
 * Stops with NotOnTarget (exit 14) before connecting on a target that cannot do it yet.
 */
export async function askDetector(ctx: CliContext, args: readonly string[]): Promise<unknown> {
  requireFeature(liveTargetOf(ctx), "bans");
  const manifest = releaseStore(ctx).read();
  return withLiveStack(ctx, manifest, (live) => live.detectorVerb(args));
}

/** An address ("203.0.113.7", "2001:db8::1") or prefix ("203.0.113.0/24"), or a usage error. */
export function addressArgument(verb: string, raw: string | undefined): string {
  if (raw === undefined) throw new UsageError(`${verb} needs an address, e.g. 203.0.113.7`);
  const [address = "", bits, extra] = raw.split("/");
  const family = isIP(address);
  const max = family === 4 ? 32 : 128;
  const validBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
  if (family === 0 || !validBits || extra !== undefined)
    throw new UsageError(
      `${verb}: ${JSON.stringify(raw)} is not an IPv4 or IPv6 address or prefix (e.g. 203.0.113.7, 2001:db8::/64)`,
    );
  return raw;
}
