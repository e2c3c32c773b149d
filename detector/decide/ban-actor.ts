/** Prefix lengths within which bans count as one actor for the storm breaker. */
export interface ActorPrefixes {
  readonly ipv4: number;
  readonly ipv6: number;
}

/**
 * The actor a client key belongs to, in the client table's key forms (IPv4: int32 network; IPv6:
 * 16-bit words packed as characters): a key already as wide as the actor prefix is its own actor.
 * So 100 /64s of one /48 (or a /48 merged under pressure and its /64s) are one actor.
 */
export function banActor(id: number | string, prefix: number, p: ActorPrefixes): number | string {
  if (typeof id === "number") {
    if (prefix <= p.ipv4) return id;
    return id & (p.ipv4 === 0 ? 0 : (0xffffffff << (32 - p.ipv4)) | 0);
  }
  if (prefix <= p.ipv6) return id;
  const chars = Math.ceil(p.ipv6 / 16);
  const rest = p.ipv6 % 16;
  const last = id.charCodeAt(chars - 1) & (rest === 0 ? 0xffff : (0xffff << (16 - rest)) & 0xffff);
  return id.slice(0, chars - 1) + String.fromCharCode(last);
}
