import type { BanDecision } from "../decide/decision";
import { readJsonFile, writeFileAtomic } from "../../core/atomic-file";

/** A current ban with what it was judged on and where it is enforced. */
export interface BanRecord {
  readonly decision: BanDecision;
  /** "ipset", "nftables", "nginx-deny", "ipset+nginx-deny", "dry-run". */
  readonly enforcedBy: string;
}

/**
 * The evidence of current bans (`explain`, the dashboard), most recent last, at most `limit` of
 * them (the audit log keeps every one). Saved atomically to `file` when it changed.
 */
export class EvidenceStore {
  private readonly records = new Map<string, BanRecord>();
  private dirty = false;

  constructor(
    private readonly file: string,
    private readonly limit: number,
  ) {}

  get size(): number {
    return this.records.size;
  }

  put(record: BanRecord): void {
    this.records.delete(record.decision.ip);
    this.records.set(record.decision.ip, record);
    if (this.records.size > this.limit) this.records.delete(this.records.keys().next().value!);
    this.dirty = true;
  }

  get(ip: string): BanRecord | undefined {
    return this.records.get(ip);
  }

  delete(ip: string): void {
    if (this.records.delete(ip)) this.dirty = true;
  }

  /** Most recent first. */
  recent(n: number): BanRecord[] {
    const all = [...this.records.values()];
    return all.slice(Math.max(0, all.length - n)).reverse();
  }

  /** Keeps only the bans `isActive` says are still in force. */
  retain(isActive: (ip: string) => boolean): void {
    for (const ip of [...this.records.keys()])
      if (!isActive(ip)) {
        this.records.delete(ip);
        this.dirty = true;
      }
  }

  load(): string | undefined {
    let saved: unknown;
    try {
      saved = readJsonFile(this.file);
    } catch (error) {
      return `${this.file}: ${(error as Error).message}; ignoring it`;
    }
    if (!Array.isArray(saved)) return undefined;
    for (const r of saved as BanRecord[])
      if (typeof r?.decision?.ip === "string") this.records.set(r.decision.ip, r);
    return undefined;
  }

  /** Writes the file if anything changed since the last save. */
  save(): void {
    if (!this.dirty) return;
    writeFileAtomic(this.file, JSON.stringify([...this.records.values()]), {
      mode: 0o600,
      durable: false,
    });
    this.dirty = false;
  }
}
