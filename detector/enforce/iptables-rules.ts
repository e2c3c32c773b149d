/** iptables rules that drop traffic from the addresses in a set, tagged so they can be found again. */

/** iptables or ip6tables. */
export type IptablesBinary = "iptables" | "ip6tables";

/** One rule: which binary and chain, which set, which ports (empty = all). */
export interface RuleTarget {
  readonly binary: IptablesBinary;
  readonly chain: string;
  readonly set: string;
  readonly ports: readonly number[];
  /** With `ports` empty: TCP to every port but these. */
  readonly exceptPorts?: readonly number[];
  /** With `ports` empty: everything that is not TCP (the companion of an `exceptPorts` rule). */
  readonly nonTcp?: boolean;
}

/**
 * The INPUT rules for one set: a banned source loses `onlyPorts` (empty: every port) except the
 * exempt ones. Exempting takes two DROP rules, TCP to every other port and everything not TCP,
 * because a port match needs a protocol; a RETURN or ACCEPT for the exempt ports would instead skip
 * the host's own INPUT rules after it.
 */
export function inputTargets(
  binary: IptablesBinary,
  set: string,
  onlyPorts: readonly number[],
  exemptPorts: readonly number[],
): RuleTarget[] {
  const base = { binary, chain: "INPUT", set };
  if (onlyPorts.length > 0) {
    const ports = onlyPorts.filter((port) => !exemptPorts.includes(port));
    return ports.length === 0 ? [] : [{ ...base, ports }];
  }
  if (exemptPorts.length === 0) return [{ ...base, ports: [] }];
  return [
    { ...base, ports: [], exceptPorts: exemptPorts },
    { ...base, ports: [], nonTcp: true },
  ];
}

function portMatch(target: RuleTarget): string[] {
  if (target.ports.length > 0)
    return ["-p", "tcp", "-m", "multiport", "--dports", target.ports.join(",")];
  if (target.nonTcp === true) return ["!", "-p", "tcp"];
  const except = target.exceptPorts ?? [];
  if (except.length > 0) return ["-p", "tcp", "-m", "multiport", "!", "--dports", except.join(",")];
  return [];
}

/** The comment every rule of this detector carries. */
export function ruleTag(setName: string): string {
  return `swiftdeploy-detector:${setName}`;
}

/** The match and target part of a rule (what `-C`, `-I` and `-D` share). */
export function ruleSpec(target: RuleTarget, tag: string): string[] {
  return [
    "-m",
    "set",
    "--match-set",
    target.set,
    "src",
    ...portMatch(target),
    "-m",
    "comment",
    "--comment",
    tag,
    "-j",
    "DROP",
  ];
}

/** `-C`: exit 0 when the rule is present. */
export function checkArgv(target: RuleTarget, tag: string): string[] {
  return [target.binary, "-w", "-C", target.chain, ...ruleSpec(target, tag)];
}

/** `-I CHAIN 1`: first in the chain, ahead of Docker's own ACCEPT rules. */
export function insertArgv(target: RuleTarget, tag: string): string[] {
  return [target.binary, "-w", "-I", target.chain, "1", ...ruleSpec(target, tag)];
}

/** `-D`: removes the rule (to insert it again first in its chain). */
export function deleteArgv(target: RuleTarget, tag: string): string[] {
  return [target.binary, "-w", "-D", target.chain, ...ruleSpec(target, tag)];
}

/**
 * The words of one `iptables -S` rule line with iptables' save quoting taken off, and its comment
 * (a comment with characters other than letters, digits, `-` and `_` — our tags hold a `:` — is
 * printed in double quotes).
 */
function savedRule(line: string): { words: string[]; comment: string | undefined } {
  const words = line
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/^"|"$/g, ""));
  const at = words.indexOf("--comment");
  return { words, comment: at < 0 ? undefined : words[at + 1] };
}

/** True when the first rule of an `iptables -S CHAIN` listing carries `tag`. */
export function firstRuleIsTagged(listing: string, tag: string): boolean {
  const first = listing.split("\n").find((line) => line.startsWith("-A "));
  return first !== undefined && savedRule(first).comment === tag;
}

/** `-S CHAIN`: lists the chain's rules (exit 1 when the chain does not exist). */
export function listChainArgv(binary: IptablesBinary, chain: string): string[] {
  return [binary, "-w", "-S", chain];
}

/**
 * Delete commands for every rule in `iptables -S` output that carries `tag`, whatever its match
 * (so a rule written by an older configuration is removed too).
 */
export function deleteTaggedArgv(binary: IptablesBinary, listing: string, tag: string): string[][] {
  const out: string[][] = [];
  for (const line of listing.split("\n")) {
    const { words, comment } = savedRule(line);
    if (words[0] !== "-A" || words.length < 2 || comment !== tag) continue;
    out.push([binary, "-w", "-D", ...words.slice(1)]);
  }
  return out;
}
