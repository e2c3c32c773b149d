/** iptables rules that drop traffic from the addresses in a set, tagged so they can be found again. */

/** iptables or ip6tables. */
export type IptablesBinary = "iptables" | "ip6tables";

/** One rule: which binary and chain, which set, which ports (empty = all). */
export interface RuleTarget {
  readonly binary: IptablesBinary;
  readonly chain: string;
  readonly set: string;
  readonly ports: readonly number[];
}

/** The comment every rule of this detector carries. */
export function ruleTag(setName: string): string {
  return `swiftdeploy-detector:${setName}`;
}

/** The match and target part of a rule (what `-C`, `-I` and `-D` share). */
export function ruleSpec(target: RuleTarget, tag: string): string[] {
  const ports =
    target.ports.length === 0
      ? []
      : ["-p", "tcp", "-m", "multiport", "--dports", target.ports.join(",")];
  return [
    "-m",
    "set",
    "--match-set",
    target.set,
    "src",
    ...ports,
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
    const words = line.trim().split(/\s+/);
    if (words[0] !== "-A" || words.length < 2) continue;
    const comment = words.indexOf("--comment");
    const value = comment < 0 ? undefined : words[comment + 1]?.replace(/^"|"$/g, "");
    if (value !== tag) continue;
    out.push([binary, "-w", "-D", ...words.slice(1).map((w) => w.replace(/^"|"$/g, ""))]);
  }
  return out;
}
