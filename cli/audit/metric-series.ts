import type { HistoryRecord, WindowStats } from "../history/history-record";
import type { ChartSeries } from "./svg-chart";

/** One measurement of one version. */
export interface MetricPoint {
  readonly t: number;
  readonly at: string;
  readonly label: string;
  readonly source: "status" | "check";
  readonly stats: WindowStats;
}

/** Every measured window in the history (status scrapes and promotion checks), oldest first. */
export function metricPoints(records: readonly HistoryRecord[]): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (const r of records) {
    const t = Date.parse(r.at);
    if (r.kind === "status") {
      for (const v of r.versions) {
        if (v.stats !== null)
          points.push({
            t,
            at: r.at,
            label: `${v.track} ${v.version}`,
            source: "status",
            stats: v.stats,
          });
      }
    } else if (r.kind === "promotion-check") {
      points.push({
        t,
        at: r.at,
        label: `canary ${r.canaryVersion}`,
        source: "check",
        stats: r.canary,
      });
      if (r.stable !== null)
        points.push({
          t,
          at: r.at,
          label: `stable ${r.stableVersion}`,
          source: "check",
          stats: r.stable,
        });
    }
  }
  return points.sort((a, b) => a.t - b.t);
}

/** Chart series per version label, for one measure; windows without a value are left out. */
export function seriesOf(
  points: readonly MetricPoint[],
  value: (s: WindowStats) => number | null,
): ChartSeries[] {
  const byLabel = new Map<string, { t: number; v: number }[]>();
  for (const p of points) {
    const v = value(p.stats);
    if (v === null) continue;
    const list = byLabel.get(p.label) ?? [];
    list.push({ t: p.t, v });
    byLabel.set(p.label, list);
  }
  return [...byLabel].map(([name, pts]) => ({ name, points: pts }));
}

/** At most `max` points, evenly spread, always keeping the first and the last. */
export function downsample<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const step = (items.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => items[Math.round(i * step)] as T);
}
