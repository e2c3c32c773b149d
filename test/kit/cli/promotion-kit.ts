import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PolicyDecision, RecordedQuery } from "../../../gate";
import { RecordingOpaClient } from "../../../gate";
import type { Track } from "../../../core/track";
import { ManualClock } from "../../../core/clock";
import { MemoryHistory } from "../../../cli/history/history-file";
import type { MetricsSource, ReleaseApplier } from "../../../cli/promotion/ports";
import type { PromotionDeps } from "../../../cli/promotion/promotion-deps";
import { ManifestReleaseStore } from "../../../cli/release/release-store";
import { FakeApiMetrics } from "../metrics/fake-api-metrics";

const FIXTURE = path.resolve(__dirname, "../../fixtures/cli/manifest-canary.yaml");

/** Decisions as OPA's canary policy shapes them. */
export const decisions = {
  promote: (): PolicyDecision => ({
    allow: true,
    reasons: [],
    document: {
      allow: true,
      verdict: "promote",
      reasons: [],
      thresholds: { max_error_rate: 0.01 },
    },
  }),
  reject: (
    reason = "Error rate 80.00% exceeds maximum 1.00% (160 of 200 requests failed)",
  ): PolicyDecision => ({
    allow: false,
    reasons: [reason],
    document: {
      allow: false,
      verdict: "reject",
      reasons: [reason],
      thresholds: { max_error_rate: 0.01 },
    },
  }),
  hold: (): PolicyDecision => ({
    allow: false,
    reasons: [
      "Insufficient data: the canary served 3 requests in the window, fewer than the minimum 100; hold, do not promote",
    ],
    document: { allow: false, verdict: "hold", insufficient_data: true },
  }),
};

/** An update that records what it was asked to apply, and can be made to fail. */
export class RecordingApplier implements ReleaseApplier {
  readonly calls: string[] = [];
  failWith: Error | undefined;
  async apply(purpose: string): Promise<void> {
    this.calls.push(purpose);
    if (this.failWith !== undefined) throw this.failWith;
  }
}

/**
 * A promotion world: a manifest on disk (stable 1.0.0, canary 1.1.0 at 10 %), two fake API
 * instances whose traffic advances with the manual clock on every sleep, a recording OPA and
 * a recording update. `canaryErrors` is the share of canary requests answered 500.
 */
export class PromotionWorld {
  readonly dir = mkdtempSync(path.join(tmpdir(), "sd-promotion-"));
  readonly manifestFile = path.join(this.dir, "manifest.yaml");
  readonly clock = new ManualClock(Date.parse("2026-11-25T10:00:00Z"));
  readonly apis: Record<Track, FakeApiMetrics> = {
    stable: new FakeApiMetrics(),
    canary: new FakeApiMetrics(),
  };
  readonly history = new MemoryHistory(this.clock);
  readonly applier = new RecordingApplier();
  readonly logs: string[] = [];
  readonly rates = { stable: 18, canary: 20 };
  canaryErrors = 0.8;
  opa: RecordingOpaClient;

  constructor(answers: PolicyDecision | ((query: RecordedQuery, index: number) => PolicyDecision)) {
    copyFileSync(FIXTURE, this.manifestFile);
    writeFileSync(
      path.join(this.dir, "Pulumi.dev.yaml"),
      "config:\n  swiftdeploy:manifest: manifest.yaml\n",
    );
    let index = 0;
    this.opa = new RecordingOpaClient(
      typeof answers === "function" ? (q) => answers(q, index++) : answers,
    );
  }

  /** Answers from a list, in order (the last one repeats). */
  static answering(...list: PolicyDecision[]): PromotionWorld {
    return new PromotionWorld((_q, i) => list[Math.min(i, list.length - 1)] as PolicyDecision);
  }

  manifestText(): string {
    return readFileSync(this.manifestFile, "utf8");
  }

  private serve(ms: number): void {
    const seconds = ms / 1000;
    this.apis.stable.serve(Math.round(this.rates.stable * seconds), 200, 0.004);
    const canary = Math.round(this.rates.canary * seconds);
    const errors = Math.round(canary * this.canaryErrors);
    this.apis.canary.serve(errors, 500, 0.003).serve(canary - errors, 200, 0.003);
  }

  readonly metrics: MetricsSource = {
    scrape: (track) => this.apis[track].scrape(this.clock.now()),
  };

  deps(): PromotionDeps {
    return {
      store: new ManifestReleaseStore(this.dir, "dev", path.join(this.dir, "Pulumi.dev.yaml")),
      applier: this.applier,
      history: this.history,
      clock: this.clock,
      log: (line) => this.logs.push(line),
      metrics: this.metrics,
      opa: this.opa,
      sleep: async (ms) => {
        this.serve(ms);
        this.clock.advance(ms);
      },
    };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
