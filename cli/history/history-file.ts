import { appendFileSync, existsSync, readFileSync } from "node:fs";
import type { Clock } from "../../core/clock";
import type { HistoryRecord, RecordBody } from "./history-record";
import { HistoryRecordSchema } from "./history-record";

/** Where the CLI records every step (one JSON object per line). */
export interface HistorySink {
  append(body: RecordBody): HistoryRecord;
}

/** Stamps records with time, stack and actor. */
export function stamp(
  body: RecordBody,
  who: { readonly stack: string; readonly actor: string },
  clock: Clock,
): HistoryRecord {
  return {
    v: 1,
    at: new Date(clock.now()).toISOString(),
    stack: who.stack,
    actor: who.actor,
    ...body,
  } as HistoryRecord;
}

/** history.jsonl: appended one line per record (a single write, so concurrent writers do not interleave). */
export class HistoryFile implements HistorySink {
  constructor(
    readonly file: string,
    private readonly who: { readonly stack: string; readonly actor: string },
    private readonly clock: Clock,
  ) {}

  append(body: RecordBody): HistoryRecord {
    const record = stamp(body, this.who, this.clock);
    appendFileSync(this.file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
    return record;
  }
}

/** A sink that keeps records in memory (tests). */
export class MemoryHistory implements HistorySink {
  readonly records: HistoryRecord[] = [];
  constructor(
    private readonly clock: Clock,
    private readonly who = { stack: "dev", actor: "tester@test" },
  ) {}
  append(body: RecordBody): HistoryRecord {
    const record = stamp(body, this.who, this.clock);
    this.records.push(record);
    return record;
  }
}

/** What reading the history found: valid records, and how many lines were skipped. */
export interface HistoryRead {
  readonly records: HistoryRecord[];
  readonly skipped: number;
}

/** Parses history text; lines that are not valid records (torn, older formats) are counted, not fatal. */
export function parseHistory(text: string): HistoryRead {
  const records: HistoryRecord[] = [];
  let skipped = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      skipped += 1;
      continue;
    }
    const parsed = HistoryRecordSchema.safeParse(json);
    if (parsed.success) records.push(parsed.data);
    else skipped += 1;
  }
  return { records, skipped };
}

/** Reads a history file; an absent file is an empty history. */
export function readHistory(file: string): HistoryRead {
  return existsSync(file) ? parseHistory(readFileSync(file, "utf8")) : { records: [], skipped: 0 };
}
