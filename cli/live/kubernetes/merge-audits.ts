interface AuditLine {
  readonly time?: unknown;
  readonly event?: unknown;
  readonly decision?: { readonly ip?: unknown; readonly rule?: unknown; readonly at?: unknown };
}

function parse(line: string): AuditLine | undefined {
  try {
    return JSON.parse(line) as AuditLine;
  } catch {
    return undefined;
  }
}

/**
 * Every detector pod's audit lines as one log, in time order, each event once: a ban of the shared
 * list ends on every node that held it (rule `ban-expired`, at the listed end) and an operator's
 * lift reaches the other nodes as rule `shared-lift`; those copies are left out, so the report
 * counts one end per ban. Lines that are not JSON are kept (the report skips them).
 */
export function mergeDetectorAudits(perPod: readonly (readonly string[])[]): string[] {
  const seenExpiries = new Set<string>();
  const kept: { line: string; time: string }[] = [];
  for (const lines of perPod) {
    for (const line of lines) {
      const record = parse(line);
      const d = record?.decision;
      if (record?.event === "unban" && d?.rule === "shared-lift") continue;
      if (record?.event === "unban" && d?.rule === "ban-expired") {
        const key = `${String(d.ip)}@${String(d.at)}`;
        if (seenExpiries.has(key)) continue;
        seenExpiries.add(key);
      }
      kept.push({ line, time: typeof record?.time === "string" ? record.time : "" });
    }
  }
  return kept.sort((a, b) => a.time.localeCompare(b.time)).map((k) => k.line);
}
