import os from "node:os";

/** Every address of this host's interfaces (the detector never bans its own host). */
export function hostAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const info of list ?? []) {
      const address = info.address.split("%")[0];
      if (address !== undefined && address !== "") out.push(address);
    }
  }
  return out;
}
