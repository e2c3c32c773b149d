/** A detector audit event the report shows. */
export interface DetectorEvent {
  readonly time: string;
  readonly event: string;
  readonly ip: string | null;
  readonly rule: string | null;
  readonly step: number | null;
  readonly until: string | null;
  /** Requests per second that triggered a ban. */
  readonly rate: number | null;
  /** The operator who banned or lifted it by hand (user@host); null for the rules' own. */
  readonly actor: string | null;
}

interface RawDecision {
  ip?: unknown;
  rule?: unknown;
  step?: unknown;
  until?: unknown;
  evidence?: { rate?: unknown };
  actor?: unknown;
  operator?: { actor?: unknown };
}

const str = (v: unknown) => (typeof v === "string" ? v : null);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);

/**
 * Parses the detector's audit log (JSON lines `{"time","event",…}`; bans and unbans carry their
 * decision). Lines that are not JSON objects with a time and an event are counted as skipped.
 */
export function parseDetectorAudit(lines: readonly string[]): {
  events: DetectorEvent[];
  skipped: number;
} {
  const events: DetectorEvent[] = [];
  let skipped = 0;
  for (const line of lines) {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      skipped += 1;
      continue;
    }
    const record = raw as {
      time?: unknown;
      event?: unknown;
      decision?: RawDecision;
      target?: unknown;
      actor?: unknown;
    };
    const time = str(record?.time);
    const event = str(record?.event);
    if (time === null || event === null) {
      skipped += 1;
      continue;
    }
    const d = record.decision ?? {};
    events.push({
      time,
      event,
      ip: str(d.ip) ?? str(record.target),
      rule: str(d.rule),
      step: num(d.step),
      until: str(d.until),
      rate: d.operator === undefined ? num(d.evidence?.rate) : null,
      actor: str(d.operator?.actor) ?? str(d.actor) ?? str(record.actor),
    });
  }
  return { events, skipped };
}
