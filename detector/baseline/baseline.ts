import type { BaselineOptions } from "./baseline-stats";
import { ClientBaseline } from "./client-baseline";
import { GlobalBaseline } from "./global-baseline";
import { OwnHistory, type OwnHistoryOptions } from "./own-history";

/** Version of the saved baseline format; a different version is ignored (relearned), not misread. */
export const BASELINE_FORMAT = 1;

/** The saved form of both baselines (JSON). */
export interface SavedBaseline {
  readonly format: number;
  readonly savedAt: string;
  readonly global: unknown;
  readonly client: unknown;
  /** Each client's own history (absent in files written before it existed). */
  readonly own?: unknown;
}

/**
 * The learned baselines — the site's, one client of the site's, each client's own — with
 * persistence so a restart does not forget what normal looks like.
 */
export class Baseline {
  readonly global: GlobalBaseline;
  readonly client: ClientBaseline;
  readonly own: OwnHistory;

  constructor(options: BaselineOptions, own: OwnHistoryOptions) {
    this.global = new GlobalBaseline(options);
    this.client = new ClientBaseline(options);
    this.own = new OwnHistory(own);
  }

  /** Saved form; `savedAt` is the log time of the save. */
  save(savedAtMs: number): SavedBaseline {
    return {
      format: BASELINE_FORMAT,
      savedAt: new Date(savedAtMs).toISOString(),
      global: this.global.toJSON(),
      client: this.client.toJSON(),
      own: this.own.toJSON(),
    };
  }

  /** Restores a saved baseline; returns false (and keeps learning from scratch) if it is unusable. */
  load(saved: unknown): boolean {
    const s = saved as Partial<SavedBaseline> | undefined;
    if (s === undefined || s === null || s.format !== BASELINE_FORMAT) return false;
    this.global.load(s.global);
    this.client.load(s.client);
    this.own.load(s.own);
    return true;
  }
}
