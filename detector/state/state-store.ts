import fs from "node:fs";
import path from "node:path";
import type { FollowPosition } from "../source/file-access";
import { readJsonFile, writeFileAtomic } from "./atomic-file";

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
 * atomically, so the frequent offset writes stay small.
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
    const position = read(FILES.position);
    if (position !== undefined && !isPosition(position)) {
      problems.push(`${path.join(this.dir, FILES.position)}: not a saved position; ignoring it`);
    }
    return {
      position: isPosition(position) ? position : undefined,
      baseline: read(FILES.baseline),
      bans: read(FILES.bans),
      breaker: read(FILES.breaker),
      problems,
    };
  }

  savePosition(position: FollowPosition, durable: boolean): void {
    writeFileAtomic(path.join(this.dir, FILES.position), JSON.stringify(position), durable);
  }

  saveBaseline(baseline: unknown): void {
    writeFileAtomic(path.join(this.dir, FILES.baseline), JSON.stringify(baseline), true);
  }

  saveBans(bans: unknown): void {
    writeFileAtomic(path.join(this.dir, FILES.bans), JSON.stringify(bans), true);
  }

  saveBreaker(breaker: unknown): void {
    writeFileAtomic(path.join(this.dir, FILES.breaker), JSON.stringify(breaker), true);
  }

  /** A file of the state directory (audit log, evidence, self-test result, control socket). */
  file(name: string): string {
    return path.join(this.dir, name);
  }
}
