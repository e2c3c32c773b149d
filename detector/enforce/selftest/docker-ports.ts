/** A port Docker publishes: the address it is reached on (undefined = any local address). */
export interface PublishedPort {
  readonly address?: string;
  readonly port: number;
}

/**
 * Published TCP ports from `iptables -t nat -S DOCKER` (the DNAT rules Docker writes per published
 * port). Ports bound to loopback are left out: nobody outside reaches them.
 */
export function parseDockerNat(listing: string): PublishedPort[] {
  const out: PublishedPort[] = [];
  for (const line of listing.split("\n")) {
    if (!line.startsWith("-A DOCKER ") || !line.includes("-j DNAT") || !line.includes("-p tcp"))
      continue;
    const port = /--dport (\d+)/.exec(line);
    if (port === null) continue;
    const dest = /(?:^|\s)-d (\d+\.\d+\.\d+\.\d+)(?:\/32)?(?:\s|$)/.exec(line);
    const address = dest?.[1];
    if (address?.startsWith("127.")) continue;
    const entry = { port: Number(port[1]), ...(address === undefined ? {} : { address }) };
    if (!out.some((p) => p.port === entry.port && p.address === entry.address)) out.push(entry);
  }
  return out;
}
