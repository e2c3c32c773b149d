/** Formats a uint32 as dotted-quad IPv4. */
export function formatIPv4(value: number): string {
  const v = value >>> 0;
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/** Formats eight 16-bit words as RFC 5952 canonical IPv6 (lowercase, longest zero run as "::"). */
export function formatIPv6(words: ArrayLike<number>): string {
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string[] => {
    const parts: string[] = [];
    for (let i = from; i < to; i++) parts.push((words[i] ?? 0).toString(16));
    return parts;
  };
  if (bestStart < 0) return hex(0, 8).join(":");
  return `${hex(0, bestStart).join(":")}::${hex(bestStart + bestLen, 8).join(":")}`;
}
