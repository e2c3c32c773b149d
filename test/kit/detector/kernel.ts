import { sh } from "./sh";

/** The entries of an ipset set with their packet counters (empty when the set does not exist). */
export function ipsetEntries(set: string): { key: string; packets: number; timeout: number }[] {
  const r = sh(["ipset", "save", set]);
  if (r.code !== 0) return [];
  return r.stdout
    .split("\n")
    .filter((l) => l.startsWith("add "))
    .map((l) => {
      const w = l.split(/\s+/);
      const at = (k: string) => Number(w[w.indexOf(k) + 1] ?? "0");
      return { key: w[2]!, packets: at("packets"), timeout: at("timeout") };
    });
}

/** Whether an ipset set exists. */
export function ipsetExists(set: string): boolean {
  return sh(["ipset", "list", "-n", set]).code === 0;
}

/** iptables/ip6tables rules (as `-S` prints them) whose text contains `needle`. */
export function rulesMentioning(needle: string): string[] {
  const out: string[] = [];
  for (const bin of ["iptables", "ip6tables"])
    for (const chain of ["INPUT", "FORWARD", "DOCKER-USER"]) {
      const r = sh([bin, "-w", "-S", chain]);
      if (r.code !== 0) continue;
      for (const line of r.stdout.split("\n"))
        if (line.includes(needle)) out.push(`${bin} ${line}`);
    }
  return out;
}

/** Whether an nft table exists. */
export function nftTableExists(table: string): boolean {
  return sh(["nft", "list", "table", "inet", table]).code === 0;
}

/** The elements of an nft set (empty when missing). */
export function nftElements(table: string, set: string): string[] {
  const r = sh(["nft", "-j", "list", "set", "inet", table, set]);
  if (r.code !== 0) return [];
  const doc = JSON.parse(r.stdout) as { nftables: { set?: { elem?: unknown[] } }[] };
  const elems = doc.nftables.find((x) => x.set !== undefined)?.set?.elem ?? [];
  return elems.map((e) => {
    const v = (e as { elem?: { val: unknown } }).elem?.val ?? e;
    return typeof v === "string" ? v : JSON.stringify(v);
  });
}

/**
 * Removes everything tagged or named after `name`, independent of the code under test, so a
 * broken detector cannot leave rules behind: iptables rules mentioning it, its sets, its nft table.
 */
export function removeKernelObjects(name: string): void {
  for (const bin of ["iptables", "ip6tables"])
    for (const chain of ["INPUT", "FORWARD", "DOCKER-USER"]) {
      const r = sh([bin, "-w", "-S", chain]);
      if (r.code !== 0) continue;
      for (const line of r.stdout.split("\n").reverse()) {
        if (!line.startsWith("-A ") || !line.includes(name)) continue;
        sh([
          bin,
          "-w",
          "-D",
          ...line
            .slice(3)
            .split(/\s+/)
            .map((w) => w.replace(/^"|"$/g, "")),
        ]);
      }
    }
  for (const set of [`${name}-v4`, `${name}-v6`]) sh(["ipset", "destroy", set]);
  sh(["nft", "delete", "table", "inet", name]);
}
