import { Role } from "../../core/roles";
import { Track } from "../../core/track";
import type { EdgeWindows, MetricsScrape, OpaClient } from "../../gate";
import { parsePrometheusText } from "../../gate";
import { ScrapeRing } from "../analysis/scrape-ring";
import { statsBetween, windowStats } from "../analysis/window-stats";
import type { RecordedDecision, StatusVersion } from "../history/history-record";
import type { LiveContainer } from "../live/containers";
import type { DetectorSummary } from "../live/live-stack";
import { checkCanary } from "../promotion/canary-check";
import type { EdgeMark, EdgeSource } from "../promotion/ports";
import type { ProxyWeights } from "./nginx-weights";
import { parseProxyWeights } from "./nginx-weights";

/** What `status` reads from the running stack. */
export interface StatusProbe {
  containers(): Promise<LiveContainer[]>;
  /** The nginx.conf the proxy runs now, or null when there is none. */
  proxyConfig(): Promise<string | null>;
  scrape(container: LiveContainer): Promise<MetricsScrape>;
  opa(): Promise<OpaClient>;
  detector(): Promise<DetectorSummary>;
  /** Nginx's view of the versions; none where the target's access log is not read. */
  readonly edge?: EdgeSource;
}

/** Nginx's view over a window, and how long that window is. */
interface EdgeView {
  readonly windows: EdgeWindows;
  readonly seconds: number;
}

/** One refresh of the status view. */
export interface StatusSnapshot {
  readonly at: number;
  /** "stable" or "canary 1.1.0 at 10 %", from the proxy's live split. */
  readonly mode: string;
  readonly weights: ProxyWeights | null;
  readonly versions: readonly StatusVersion[];
  readonly policy: RecordedDecision | null;
  readonly detector: DetectorSummary;
  readonly containers: readonly LiveContainer[];
  /** The analysis window the numbers aim for (the promotion window). */
  readonly windowSeconds: number;
}

/**
 * The chaos the API reports in `app_chaos_state{state}` (the series at 1), or null when the page
 * has none.
 */
export function chaosOf(scrape: MetricsScrape): string | null {
  const current = parsePrometheusText(scrape.text).find(
    (s) => s.name === "app_chaos_state" && s.value === 1,
  );
  return current?.labels.state ?? null;
}

/** "stable", "canary 1.1.0 at 10 %", "stable (canary 1.1.0 idle at 0 %)". */
export function describeMode(
  weights: ProxyWeights | null,
  canary: LiveContainer | undefined,
): string {
  if (canary === undefined) return "stable";
  const weight = weights?.canary ?? null;
  if (weight === null) return `canary ${canary.version ?? "?"} (split unknown)`;
  return weight === 0
    ? `stable (canary ${canary.version ?? "?"} idle at 0 %)`
    : `canary ${canary.version ?? "?"} at ${weight} %`;
}

/**
 * Keeps a sliding window of /metrics scrapes per API container and turns each refresh into a
 * snapshot: per-version rates and p99 over the window (shorter while it fills), the proxy's split,
 * OPA's verdict on the canary over the same window, and the detector's bans.
 */
export class StatusCollector {
  private readonly rings = new Map<string, ScrapeRing>();
  private readonly edgeMarks: ScrapeRing<EdgeMark>;

  constructor(
    private readonly probe: StatusProbe,
    private readonly windowSeconds: number,
    private readonly now: () => number,
  ) {
    this.edgeMarks = new ScrapeRing<EdgeMark>(windowSeconds * 2000);
  }

  /** Marks Nginx's log and reads it over the window so far (best effort: null on any failure). */
  private async edge(): Promise<EdgeView | null> {
    const source = this.probe.edge;
    if (source === undefined) return null;
    try {
      const mark = await source.mark();
      if (mark === undefined) return null;
      this.edgeMarks.push(mark);
      const span = this.edgeMarks.window(this.windowSeconds * 1000, true);
      if (span === undefined) return null;
      const windows = await source.windows(span.start, span.end);
      return { windows, seconds: (span.end.at - span.start.at) / 1000 };
    } catch {
      return null;
    }
  }

  private ring(name: string): ScrapeRing {
    let ring = this.rings.get(name);
    if (ring === undefined) {
      ring = new ScrapeRing(this.windowSeconds * 2000);
      this.rings.set(name, ring);
    }
    return ring;
  }

  private async version(
    container: LiveContainer,
    weights: ProxyWeights | null,
    edge: EdgeView | null,
  ): Promise<StatusVersion> {
    const track = container.role === Role.ApiCanary ? Track.Canary : Track.Stable;
    const base = {
      track,
      version: container.version ?? "?",
      container: container.name,
      health: container.health,
      weight: weights === null ? null : weights[track],
      ...(edge === null ? {} : { edge: windowStats(edge.windows[track], edge.seconds) }),
    };
    try {
      const scrape = await this.probe.scrape(container);
      const ring = this.ring(container.name);
      ring.push(scrape);
      const pair = ring.window(this.windowSeconds * 1000, true);
      return {
        ...base,
        chaos: chaosOf(scrape),
        stats: pair === undefined ? null : statsBetween(pair),
        error: null,
      };
    } catch (error) {
      return {
        ...base,
        chaos: null,
        stats: null,
        error: (error as Error).message.split("\n")[0] ?? "scrape failed",
      };
    }
  }

  private async policy(
    canary: LiveContainer | undefined,
    stable: LiveContainer | undefined,
    edge: EdgeView | null,
  ): Promise<RecordedDecision | null> {
    const canaryPair =
      canary && this.rings.get(canary.name)?.window(this.windowSeconds * 1000, true);
    if (!canaryPair) return null;
    const stablePair =
      stable && this.rings.get(stable.name)?.window(this.windowSeconds * 1000, true);
    try {
      const check = await checkCanary(
        await this.probe.opa(),
        stablePair ? { canary: canaryPair, stable: stablePair } : { canary: canaryPair },
        edge?.windows ?? null,
      );
      return check.recorded;
    } catch (error) {
      return {
        allow: false,
        verdict: "error",
        reasons: [(error as Error).message.split("\n")[0] ?? "no decision"],
        failure: "unreachable",
      };
    }
  }

  /** Reads everything once and returns the snapshot. */
  async collect(): Promise<StatusSnapshot> {
    const [containers, conf, detector, edge] = await Promise.all([
      this.probe.containers(),
      this.probe.proxyConfig(),
      this.probe.detector(),
      this.edge(),
    ]);
    const weights = conf === null ? null : parseProxyWeights(conf);
    // Stable first, then the canary: the order the screen and the JSON list them in.
    const apis = containers
      .filter((c) => c.running && (c.role === Role.ApiStable || c.role === Role.ApiCanary))
      .sort((a, b) => b.role.localeCompare(a.role) || a.name.localeCompare(b.name));
    const versions = await Promise.all(apis.map((c) => this.version(c, weights, edge)));
    for (const name of [...this.rings.keys()]) {
      if (!apis.some((c) => c.name === name)) this.rings.delete(name);
    }
    const canary = apis.find((c) => c.role === Role.ApiCanary);
    const stable = apis.find((c) => c.role === Role.ApiStable);
    return {
      at: this.now(),
      mode: describeMode(weights, canary),
      weights,
      versions,
      policy: await this.policy(canary, stable, edge),
      detector,
      containers,
      windowSeconds: this.windowSeconds,
    };
  }
}
