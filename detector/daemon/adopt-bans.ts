import { parseCidr } from "../address/cidr";
import type { BanLedger } from "../decide/ban-ledger";
import type { Enforcement } from "../enforce/enforcement";
import type { EnforcedBan } from "../enforce/enforcer";

/** A ban a backend holds that the ledger has no record of, in the ledger's saved form. */
export interface AdoptedOffender {
  readonly ip: string;
  readonly family: 4 | 6;
  readonly prefix: number;
  readonly step: number;
  readonly lastOffenceMs: number;
  readonly bannedAtMs: number;
  /** null = permanent. */
  readonly untilMs: number | null;
  readonly releasedMs: 0;
}

/**
 * The bans the backends hold that the ledger has never heard of, as ledger entries to load before
 * the start-up reconciliation: a restart never lifts a ban it cannot account for (a bans.json that
 * was lost, unreadable, or one save behind because the disk was full). Each keeps the longest time
 * any backend has left, permanent stays permanent; the escalation step is unknown, so a timed ban
 * counts as a first offence and a permanent one sits past the last step (`steps` of them).
 */
export function adoptUnknownBans(
  held: readonly EnforcedBan[],
  known: (key: string) => boolean,
  ignore: (key: string) => boolean,
  nowMs: number,
  steps: number,
): AdoptedOffender[] {
  const longest = new Map<string, EnforcedBan>();
  for (const ban of held) {
    if (known(ban.key) || ignore(ban.key)) continue;
    const seen = longest.get(ban.key);
    if (seen === undefined || outlasts(ban.timeoutSeconds, seen.timeoutSeconds))
      longest.set(ban.key, ban);
  }
  const out: AdoptedOffender[] = [];
  for (const ban of longest.values()) {
    const cidr = parseCidr(ban.key);
    if (cidr === undefined || cidr.family !== ban.family) continue;
    const permanent = ban.timeoutSeconds === null;
    out.push({
      ip: ban.key,
      family: ban.family,
      prefix: cidr.bits,
      step: permanent ? steps + 1 : 1,
      lastOffenceMs: nowMs,
      bannedAtMs: nowMs,
      untilMs: permanent ? null : nowMs + ban.timeoutSeconds * 1000,
      releasedMs: 0,
    });
  }
  return out;
}

function outlasts(a: number | null, b: number | null): boolean {
  if (b === null) return false;
  return a === null || a > b;
}

/** Lists what every backend holds and loads the unknown bans into the ledger; returns them. */
export async function keepUnknownBans(
  enforcement: Pick<Enforcement, "enforcers">,
  ledger: BanLedger,
  ignore: (key: string) => boolean,
  nowMs: number,
  steps: number,
): Promise<AdoptedOffender[]> {
  const held: EnforcedBan[] = [];
  for (const e of enforcement.enforcers) held.push(...(await e.list()));
  const known = (key: string) => ledger.get(key) !== undefined;
  const adopted = adoptUnknownBans(held, known, ignore, nowMs, steps);
  ledger.load(adopted);
  return adopted;
}
