import fs from "node:fs";
import path from "node:path";
import type { FollowPosition } from "../source/file-access";
import { readJsonFile, readJsonWithBackup, writeFileAtomic } from "../../core/atomic-file";

/** What the daemon keeps across restarts. */
export interface SavedState {
  readonly position?: FollowPosition;
  readonly baseline?: unknown;
  readonly bans?: unknown;
  readonly breaker?: unknown;
  /** Files that could not be used (the daemon logs them and carries on without). */
  readonly problems: readonly string[];
}

const FILES = {
  position: "offset.json",
  baseline: "baseline.json",
  bans: "bans.json",
  breaker: "breaker.json",
} as const;

function isPosition(value: unknown): value is FollowPosition {
  const p = value as Partial<FollowPosition> | undefined;
  return (
    typeof p === "object" &&
    p !== null &&
    typeof p.path === "string" &&
    typeof p.dev === "number" &&
    typeof p.ino === "number" &&
    typeof p.offset === "number" &&
    p.offset >= 0 &&
    typeof p.head === "string"
  );
}

/**
 * The state directory: read offset, baseline and bans, each in its own JSON file replaced
 * atomically (all bytes or none), so the frequent offset writes stay small. Baseline, bans and
 * breaker keep their previous version as `.bak`, read when the file itself cannot be.
 */
export class StateStore {
  constructor(readonly dir: string) {}

  /** Creates the directory (owner-only) if needed. */
  prepare(): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  load(): SavedState {
    const problems: string[] = [];
    const read = (name: string): unknown => {
      try {
        return readJsonFile(path.join(this.dir, name));
      } catch (error) {
        problems.push(`${path.join(this.dir, name)}: ${(error as Error).message}; ignoring it`);
        return undefined;
      }
    };
    const withBackup = (name: string): unknown => {
      const r = readJsonWithBackup(path.join(this.dir, name));
      problems.push(...r.problems);
      return r.value;
    };
    const position = read(FILES.position);
    if (position !== undefined && !isPosition(position)) {
      problems.push(`${path.join(this.dir, FILES.position)}: not a saved position; ignoring it`);
    }
    return {
      position: isPosition(position) ? position : undefined,
      baseline: withBackup(FILES.baseline),
      bans: withBackup(FILES.bans),
      breaker: withBackup(FILES.breaker),
      problems,
    };
  }

  savePosition(position: FollowPosition, durable: boolean): void {
    writeFileAtomic(path.join(this.dir, FILES.position), JSON.stringify(position), {
      mode: 0o600,
      durable,
    });
  }

  saveBaseline(baseline: unknown): void {
    this.saveWithBackup(FILES.baseline, baseline);
  }

  saveBans(bans: unknown): void {
    this.saveWithBackup(FILES.bans, bans);
  }

  saveBreaker(breaker: unknown): void {
    this.saveWithBackup(FILES.breaker, breaker);
  }

  private saveWithBackup(name: string, value: unknown): void {
    const file = path.join(this.dir, name);
    writeFileAtomic(file, JSON.stringify(value), { mode: 0o600, backup: true });
  }

  /** A file of the state directory (audit log, evidence, self-test result, control socket). */
  file(name: string): string {
    return path.join(this.dir, name);
  }
}
