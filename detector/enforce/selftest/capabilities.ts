import fs from "node:fs";

const CAP_SYS_ADMIN = 21n;

/** True when this process may create network namespaces (root with CAP_SYS_ADMIN in effect). */
export function canCreateNamespaces(statusText?: string): boolean {
  let text = statusText;
  if (text === undefined) {
    try {
      text = fs.readFileSync("/proc/self/status", "utf8");
    } catch {
      return false;
    }
  }
  const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(text);
  if (m === null) return false;
  return ((BigInt(`0x${m[1]}`) >> CAP_SYS_ADMIN) & 1n) === 1n;
}
