import type { Allowlist } from "../address/allowlist";
import { formatCidr, parseCidr, type Cidr } from "../address/cidr";
import type { BanTerm } from "../decide/ban-ledger";
import type { BanDecision, ClientEvidence, OperatorAct } from "../decide/decision";
import { Rule } from "../rules/rule-names";

/** The widest prefixes an operator may ban by hand: wider ones are almost surely a typo. */
export const WIDEST_MANUAL_PREFIX = { 4: 16, 6: 32 } as const;

/** What `swiftdeploy ban` asks for. */
export interface OperatorBanRequest {
  readonly ip: string;
  /** null = permanent. */
  readonly durationSeconds: number | null;
  readonly reason: string | null;
  readonly actor: string;
}

/** A manual ban the detector will not make; `statusCode` is the control socket's answer (409). */
export class BanRefusedError extends Error {
  readonly statusCode = 409;
  override readonly name = "BanRefusedError";
}

/** Where a manual ban goes: its ledger key and the allowlisted addresses carved out of a prefix. */
export interface OperatorBanTarget {
  readonly ip: string;
  readonly family: 4 | 6;
  readonly prefix: number;
  readonly except: readonly string[];
}

function networkAllowed(cidr: Cidr, allowlist: Allowlist): boolean {
  return cidr.family === 4 ? allowlist.allowsV4(cidr.net) : allowlist.allowsV6(cidr.words);
}

/**
 * Checks an operator's address or prefix against the rules the detector itself keeps: never an
 * allowlisted address, a trusted proxy, loopback or one of the host's own addresses (those are all
 * in `allowlist`), never a prefix wider than WIDEST_MANUAL_PREFIX. Throws BanRefusedError.
 */
export function operatorBanTarget(text: string, allowlist: Allowlist): OperatorBanTarget {
  const cidr = parseCidr(text.trim());
  if (cidr === undefined)
    throw new BanRefusedError(`${JSON.stringify(text)} is not an IPv4 or IPv6 address or prefix`);
  const ip = formatCidr(cidr);
  const widest = WIDEST_MANUAL_PREFIX[cidr.family];
  if (cidr.bits < widest)
    throw new BanRefusedError(
      `refusing to ban ${ip}: wider than /${widest}; ban a narrower prefix or single addresses`,
    );
  if (networkAllowed(cidr, allowlist))
    throw new BanRefusedError(
      `refusing to ban ${ip}: it is allowlisted (loopback, this host's own addresses, ` +
        `detector.allowlist or detector.trustedProxies), and the detector never bans those`,
    );
  const host = cidr.bits === (cidr.family === 4 ? 32 : 128);
  return {
    ip,
    family: cidr.family,
    prefix: cidr.bits,
    except: host ? [] : allowlist.entriesWithin(cidr),
  };
}

/** Evidence of a manual ban: no traffic was judged, so every figure is zero and no rule fired. */
function noTrafficEvidence(): ClientEvidence {
  const baseline = {
    mean: 0,
    stddev: 0,
    learnedMean: 0,
    learnedStddev: 0,
    floored: false,
    samples: 0,
    slot: "none",
  };
  return {
    rate: 0,
    requests: 0,
    errors: 0,
    errorShare: 0,
    windowSeconds: 0,
    zScore: 0,
    baseline,
    thresholds: {
      minRequests: 0,
      zScore: null,
      multiplier: null,
      limitRps: 0,
      tightLimitRps: 0,
      errorMinShare: null,
      errorFactor: 0,
      tightened: false,
      surgeFactor: 1,
    },
    fired: [Rule.Operator],
    samples: [],
  };
}

/** The ban decision of a manual ban (rule `operator`), carrying who made it and why. */
export function operatorBanDecision(
  target: OperatorBanTarget,
  atMs: number,
  term: BanTerm,
  act: OperatorAct,
): BanDecision {
  return {
    type: "ban",
    ip: target.ip,
    family: target.family,
    prefix: target.prefix,
    rule: Rule.Operator,
    at: new Date(atMs).toISOString(),
    step: term.step,
    durationSeconds: term.durationMs === null ? null : term.durationMs / 1000,
    until: term.durationMs === null ? null : new Date(term.untilMs).toISOString(),
    except: target.except,
    evidence: noTrafficEvidence(),
    operator: act,
  };
}
