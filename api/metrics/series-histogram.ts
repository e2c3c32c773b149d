import { Histogram } from "prom-client";
import type { HistogramConfiguration } from "prom-client";
import type { RequestSeries } from "./request-series";

interface Value {
  labels: Record<string, string | number>;
  sharedLabels: Record<string, never>;
  value: number;
  metricName: string;
}

/**
 * A prom-client histogram whose buckets come from a `RequestSeries` instead of `observe()`.
 * prom-client renders the text format from `getForPromString()` and JSON from `get()`, which calls
 * it; both therefore show these series, in prom-client's own shape. The unit tests parse the
 * output, so a prom-client release that renders differently fails them rather than a scrape.
 */
export class SeriesHistogram extends Histogram<string> {
  private readonly metricName: string;
  private readonly metricHelp: string;

  constructor(
    private readonly series: RequestSeries,
    config: Omit<HistogramConfiguration<string>, "buckets" | "collect">,
  ) {
    super({ ...config, buckets: [...series.bounds] });
    this.metricName = config.name;
    this.metricHelp = config.help;
  }

  async getForPromString() {
    const name = this.metricName;
    const values: Value[] = [];
    const value = (labels: Value["labels"], v: number, metricName: string) =>
      values.push({ labels, sharedLabels: {}, value: v, metricName });
    for (const { labels, buckets, sum, count } of this.series.all()) {
      let cumulative = 0;
      this.series.bounds.forEach((le, i) => {
        cumulative += buckets[i]!;
        value({ le, ...labels }, cumulative, `${name}_bucket`);
      });
      value({ le: "+Inf", ...labels }, count, `${name}_bucket`);
      value({ ...labels }, sum, `${name}_sum`);
      value({ ...labels }, count, `${name}_count`);
    }
    return { name, help: this.metricHelp, type: "histogram", values, aggregator: "sum" };
  }

  override reset(): void {
    super.reset();
    // prom-client's constructor calls reset() before this class's fields are assigned.
    (this.series as RequestSeries | undefined)?.clear();
  }
}
