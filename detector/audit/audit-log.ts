import fs from "node:fs";
import path from "node:path";
import { appendFileWhole } from "../../core/atomic-file";
import type { Clock } from "../../core/clock";

/** Kinds of audit records. */
export type AuditEvent =
  | "ban"
  | "unban"
  | "alert"
  | "alert-delivery"
  | "enforcement"
  | "reconcile"
  | "selftest"
  | "breaker-reset"
  | "lift"
  | "flush"
  | "start"
  | "reload"
  | "shared-bans"
  | "stop";

/**
 * The audit log: one JSON object per line (`{"time":…,"event":…,…}`) for every ban, unban, alert
 * and operator action, with its full evidence. Records are buffered and written in one append per
 * `flush`, whole or not at all (a full disk loses that flush's records, never tears a line); the
 * file is rotated to `.1 … .keep` beyond `maxBytes`. Owner-only (0600).
 */
export class AuditLog {
  private pending: string[] = [];
  private size: number;

  constructor(
    readonly file: string,
    private readonly maxBytes: number,
    private readonly keep: number,
    private readonly clock: Clock,
  ) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    this.size = fs.existsSync(file) ? fs.statSync(file).size : 0;
  }

  /** Records an event (written at the next flush). */
  record(event: AuditEvent, fields: Record<string, unknown>): void {
    const time = new Date(this.clock.now()).toISOString();
    this.pending.push(`${JSON.stringify({ time, event, ...fields })}\n`);
  }

  /** Appends what was recorded since the last flush. */
  flush(): void {
    if (this.pending.length === 0) return;
    const text = this.pending.join("");
    this.pending = [];
    if (this.size > 0 && this.size + text.length > this.maxBytes) this.rotate();
    appendFileWhole(this.file, text, { mode: 0o600 });
    this.size += Buffer.byteLength(text);
  }

  private rotate(): void {
    for (let i = this.keep - 1; i >= 1; i--) {
      const from = `${this.file}.${i}`;
      if (fs.existsSync(from)) fs.renameSync(from, `${this.file}.${i + 1}`);
    }
    fs.renameSync(this.file, `${this.file}.1`);
    this.size = 0;
  }
}

/** Reads audit records (oldest first) from the file and its rotations. Unparseable lines are skipped. */
export function readAudit(file: string, keep: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const files = [...Array.from({ length: keep }, (_, i) => `${file}.${keep - i}`), file];
  for (const f of files) {
    let text: string;
    try {
      text = fs.readFileSync(f, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n")) {
      if (line === "") continue;
      try {
        out.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // a torn last line after a crash
      }
    }
  }
  return out;
}
