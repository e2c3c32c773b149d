import { Counter, Gauge, type Registry } from "prom-client";
import type { DashboardStatus } from "./dashboard-status";

/** Every detector metric's name starts with this (Prometheus's guide: one application prefix). */
export const METRIC_PREFIX = "swiftdeploy_detector_";

type Read<T> = (s: DashboardStatus) => T;

/**
 * A counter that follows running totals read at scrape time, one series per label value
 * (`label` undefined: one series). `known` label values are exported at 0 before they first
 * count, so `rate()` sees the series from the start.
 */
export function totalCounter(
  registry: Registry,
  status: () => DashboardStatus,
  spec: {
    readonly name: string;
    readonly help: string;
    readonly read: Read<number | Readonly<Record<string, number>>>;
    readonly label?: string;
    readonly known?: readonly string[];
  },
): void {
  const last = new Map<string, number>();
  const label = spec.label;
  new Counter({
    name: METRIC_PREFIX + spec.name,
    help: spec.help,
    labelNames: label === undefined ? [] : [label],
    registers: [registry],
    collect() {
      const value = spec.read(status());
      const totals: Record<string, number> = typeof value === "number" ? { "": value } : {};
      if (typeof value !== "number") {
        for (const k of spec.known ?? []) totals[k] = 0;
        Object.assign(totals, value);
      }
      for (const [key, total] of Object.entries(totals)) {
        const seen = last.get(key);
        const labels = label === undefined ? {} : { [label]: key };
        if (seen === undefined) this.inc(labels, 0);
        if (total > (seen ?? 0)) this.inc(labels, total - (seen ?? 0));
        last.set(key, Math.max(seen ?? 0, total));
      }
    },
  });
}

/** A gauge read at scrape time; `read` sets one value, or one per label value. */
export function gauge(
  registry: Registry,
  status: () => DashboardStatus,
  spec: {
    readonly name: string;
    readonly help: string;
    readonly read: (s: DashboardStatus, g: Gauge) => void;
    readonly labelNames?: string[];
  },
): void {
  new Gauge({
    name: METRIC_PREFIX + spec.name,
    help: spec.help,
    labelNames: spec.labelNames ?? [],
    registers: [registry],
    collect() {
      this.reset();
      spec.read(status(), this);
    },
  });
}

/**
 * A state as a label, not a number (Prometheus's guide): one series per possible state, 1 for
 * the current one and 0 for the others, so `max by (state)` and alerts on `{state="failed"}` work.
 */
export function stateGauge<S extends string>(
  registry: Registry,
  status: () => DashboardStatus,
  spec: {
    readonly name: string;
    readonly help: string;
    readonly states: readonly S[];
    readonly read: Read<S>;
  },
): void {
  gauge(registry, status, {
    name: spec.name,
    help: spec.help,
    labelNames: ["state"],
    read: (s, g) => {
      const current = spec.read(s);
      for (const state of spec.states) g.set({ state }, state === current ? 1 : 0);
    },
  });
}
