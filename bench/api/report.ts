import type { WrkResult } from "./wrk";

/** One scenario's figures: what wrk saw, and what Nginx and the API spent per request. */
export interface Measurement extends WrkResult {
  /** Microseconds of Nginx's worker CPU per request; undefined where Nginx is not involved. */
  readonly nginxCpuUs?: number;
  /** Microseconds of the API process's CPU per request; undefined where no API is involved. */
  readonly apiCpuUs?: number;
  /** Microseconds of the whole machine's busy CPU per request: wrk, kernel and servers together. */
  readonly machineCpuUs: number;
  /** Share of the machine's CPU time the hypervisor stole during the run (0..1). */
  readonly steal: number;
}

/** One row of the table. */
export interface Row {
  readonly scenario: string;
  readonly result: Measurement;
}

/** A goal from the issue, and whether the measurement met it. */
export interface Verdict {
  readonly label: string;
  readonly value: string;
  readonly goal: string;
  readonly met: boolean;
}

const pad = (text: string, width: number) => text.padEnd(width);
const lpad = (text: string, width: number) => text.padStart(width);

/** Renders the results as a plain-text table followed by the goals. */
export function renderReport(
  header: string,
  rows: readonly Row[],
  verdicts: readonly Verdict[],
): string {
  const width = Math.max(...rows.map((r) => r.scenario.length)) + 2;
  const columns =
    `${lpad("req/s", 10)}${lpad("p50 ms", 9)}${lpad("p99 ms", 9)}${lpad("errors", 8)}` +
    `${lpad("nginx CPU µs/req", 18)}${lpad("api CPU µs/req", 16)}${lpad("machine µs/req", 16)}` +
    lpad("steal %", 9);
  const cpu = (us: number | undefined, width: number) =>
    lpad(us === undefined ? "-" : us.toFixed(1), width);
  const lines = [
    header,
    "",
    `${pad("scenario", width)}${columns}`,
    ...rows.map(
      ({ scenario, result }) =>
        `${pad(scenario, width)}${lpad(result.requestsPerSecond.toFixed(0), 10)}` +
        `${lpad(result.p50Ms.toFixed(2), 9)}${lpad(result.p99Ms.toFixed(2), 9)}${lpad(String(result.errors), 8)}` +
        `${cpu(result.nginxCpuUs, 18)}${cpu(result.apiCpuUs, 16)}${cpu(result.machineCpuUs, 16)}` +
        lpad((result.steal * 100).toFixed(1), 9),
    ),
    "",
    ...verdicts.map(
      (v) =>
        `${pad(v.label, 44)}${lpad(v.value, 10)}` +
        (v.goal === "" ? "" : `   goal ${pad(v.goal, 8)} ${v.met ? "met" : "MISSED"}`),
    ),
  ];
  return lines.join("\n");
}

/** The median of some numbers. */
export function mid(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const m = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
}

/** The median of each figure over several runs of one scenario (errors are summed). */
export function median(results: readonly Measurement[]): Measurement {
  const defined = (values: (number | undefined)[]) =>
    values.filter((v): v is number => v !== undefined);
  const api = defined(results.map((r) => r.apiCpuUs));
  const nginx = defined(results.map((r) => r.nginxCpuUs));
  return {
    requests: results.reduce((sum, r) => sum + r.requests, 0),
    requestsPerSecond: mid(results.map((r) => r.requestsPerSecond)),
    p50Ms: mid(results.map((r) => r.p50Ms)),
    p99Ms: mid(results.map((r) => r.p99Ms)),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    steal: mid(results.map((r) => r.steal)),
    machineCpuUs: mid(results.map((r) => r.machineCpuUs)),
    ...(nginx.length > 0 ? { nginxCpuUs: mid(nginx) } : {}),
    ...(api.length > 0 ? { apiCpuUs: mid(api) } : {}),
  };
}
