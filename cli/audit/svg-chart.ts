/** One line of a chart: points in time order (t in ms since the epoch). */
export interface ChartSeries {
  readonly name: string;
  readonly points: readonly { readonly t: number; readonly v: number }[];
}

/** What to draw. */
export interface ChartSpec {
  readonly title: string;
  readonly series: readonly ChartSeries[];
  /** Formats a y value for the axis ("80 %", "120 ms"). */
  readonly format: (value: number) => string;
  readonly width?: number;
  readonly height?: number;
}

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"];

/** Escapes text for XML. */
export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

function clock(t: number): string {
  return new Date(t).toISOString().slice(11, 19);
}

/** A round upper bound for the y axis (1, 2, 5 × 10^n). */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/**
 * A self-contained SVG line chart (no scripts, no external references), written as its own .svg
 * file that Markdown links as an image: one polyline per series, a y axis from 0, time on the x
 * axis, a legend.
 */
export function lineChart(spec: ChartSpec): string {
  const width = spec.width ?? 720;
  const height = spec.height ?? 220;
  const left = 70;
  const right = 150;
  const top = 28;
  const bottom = 30;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const all = spec.series.flatMap((s) => s.points);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${left}" y="16" font-size="13" font-weight="bold">${xmlEscape(spec.title)}</text>`,
  ];
  if (all.length === 0) {
    out.push(`<text x="${left}" y="${top + plotH / 2}">no data</text>`, "</svg>");
    return out.join("\n");
  }
  const t0 = Math.min(...all.map((p) => p.t));
  const t1 = Math.max(...all.map((p) => p.t));
  const span = Math.max(1, t1 - t0);
  const yMax = niceMax(Math.max(...all.map((p) => p.v)));
  const x = (t: number) => (left + ((t - t0) / span) * plotW).toFixed(1);
  const y = (v: number) => (top + plotH - (v / yMax) * plotH).toFixed(1);
  // 1, 5 and 10 × 10^n divide into 5 round steps, 2 × 10^n into 4.
  const steps = Math.round(yMax / 10 ** Math.floor(Math.log10(yMax))) === 2 ? 4 : 5;
  for (let i = 0; i <= steps; i += 1) {
    const v = (yMax * i) / steps;
    out.push(
      `<line x1="${left}" x2="${left + plotW}" y1="${y(v)}" y2="${y(v)}" stroke="#e0e0e0"/>`,
      `<text x="${left - 6}" y="${y(v)}" text-anchor="end" dominant-baseline="middle">${xmlEscape(spec.format(v))}</text>`,
    );
  }
  out.push(
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="#888"/>`,
    `<text x="${left}" y="${height - 8}">${clock(t0)}</text>`,
    `<text x="${left + plotW}" y="${height - 8}" text-anchor="end">${clock(t1)} UTC</text>`,
  );
  spec.series.forEach((series, i) => {
    const color = COLORS[i % COLORS.length] ?? "#000";
    const points = series.points.map((p) => `${x(p.t)},${y(p.v)}`).join(" ");
    if (series.points.length > 1) {
      out.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${points}"/>`);
    }
    for (const p of series.points) {
      out.push(`<circle cx="${x(p.t)}" cy="${y(p.v)}" r="2.5" fill="${color}"/>`);
    }
    const ly = top + 10 + i * 16;
    out.push(
      `<line x1="${left + plotW + 12}" x2="${left + plotW + 28}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="3"/>`,
      `<text x="${left + plotW + 32}" y="${ly}" dominant-baseline="middle">${xmlEscape(series.name)}</text>`,
    );
  });
  out.push("</svg>");
  return out.join("\n");
}
