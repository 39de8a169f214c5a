import { escapeXml, text } from "./svg-text.js";
/**
 * Cost curves as an SVG line chart: one or more panels stacked, each a y quantity over a shared
 * logarithmic x axis, one line per peer. Hand-written SVG like chart.ts (no charting library):
 * plain paths and text, so GitHub renders it and a diff of it stays readable.
 */

export interface Series {
  readonly name: string;
  /** [x, y] pairs; a missing or non-finite y leaves a gap. */
  readonly points: readonly (readonly [number, number | undefined])[];
}

export interface Panel {
  readonly yLabel: string;
  readonly logY: boolean;
  readonly series: readonly Series[];
}

export interface LineChart {
  readonly title: string;
  readonly subtitle: string;
  readonly xLabel: string;
  readonly panels: readonly Panel[];
}

const width = 760;
const left = 80;
const right = 150;
const panelHeight = 200;
const panelGap = 56;
const top = 56;
const plotWidth = width - left - right;
const palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"];

export function renderLineChart(chart: LineChart): string {
  const names = [...new Set(chart.panels.flatMap((p) => p.series.map((s) => s.name)))];
  const colour = (name: string) => palette[names.indexOf(name) % palette.length]!;
  const xs = chart.panels.flatMap((p) => p.series.flatMap((s) => s.points.map(([x]) => x)));
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const lx = (x: number) => Math.log10(x);
  const px = (x: number) =>
    left + (xMax === xMin ? 0 : ((lx(x) - lx(xMin)) / (lx(xMax) - lx(xMin))) * plotWidth);
  const parts: string[] = [];
  let y0 = top;
  for (const panel of chart.panels) {
    const ys = panel.series.flatMap((s) =>
      s.points.flatMap(([, y]) => (y !== undefined && Number.isFinite(y) && y > 0 ? [y] : [])),
    );
    const scale = yScale(ys, panel.logY);
    const py = (y: number) => y0 + panelHeight - scale.at(y) * panelHeight;
    for (const tick of scale.ticks) {
      const ty = py(tick).toFixed(1);
      parts.push(
        `<line x1="${left}" y1="${ty}" x2="${left + plotWidth}" y2="${ty}" stroke="#e5e5e5"/>`,
      );
      parts.push(text(left - 6, Number(ty) + 4, formatNumber(tick), { anchor: "end" }));
    }
    for (const x of [...new Set(xs)].sort((a, b) => a - b)) {
      const tx = px(x).toFixed(1);
      parts.push(
        `<line x1="${tx}" y1="${y0}" x2="${tx}" y2="${y0 + panelHeight}" stroke="#f0f0f0"/>`,
      );
      parts.push(text(Number(tx), y0 + panelHeight + 14, formatNumber(x), { anchor: "middle" }));
    }
    parts.push(
      `<rect x="${left}" y="${y0}" width="${plotWidth}" height="${panelHeight}" fill="none" stroke="#999"/>`,
    );
    parts.push(text(left, y0 - 8, panel.yLabel, { weight: "bold" }));
    panel.series.forEach((series, i) => {
      const c = colour(series.name);
      let d = "";
      let pen = "M";
      for (const [x, y] of series.points) {
        if (y === undefined || !Number.isFinite(y) || (panel.logY && y <= 0)) {
          pen = "M";
          continue;
        }
        d += `${pen}${px(x).toFixed(1)},${py(y).toFixed(1)} `;
        pen = "L";
        parts.push(
          `<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${c}"><title>${escapeXml(`${series.name} at ${formatNumber(x)}: ${formatNumber(y)}`)}</title></circle>`,
        );
      }
      parts.push(`<path d="${d.trim()}" fill="none" stroke="${c}" stroke-width="2"/>`);
      parts.push(
        `<rect x="${left + plotWidth + 14}" y="${y0 + 8 + i * 18}" width="12" height="12" fill="${c}"/>`,
      );
      parts.push(text(left + plotWidth + 32, y0 + 18 + i * 18, series.name));
    });
    y0 += panelHeight + panelGap;
  }
  const height = y0 - panelGap + 44;
  parts.push(
    text(left + plotWidth / 2, height - 12, `${chart.xLabel} (log scale)`, { anchor: "middle" }),
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<title>${escapeXml(chart.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    text(10, 20, chart.title, { weight: "bold", size: 14 }),
    text(10, 36, chart.subtitle, { fill: "#555" }),
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}

/** Maps y to 0..1 of the panel, with round ticks; log scales get a tick per decade. */
function yScale(
  ys: readonly number[],
  log: boolean,
): { at: (y: number) => number; ticks: number[] } {
  if (ys.length === 0) return { at: () => 0, ticks: [] };
  if (log) {
    const lo = Math.floor(Math.log10(Math.min(...ys)));
    const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...ys))));
    const ticks: number[] = [];
    for (let e = lo; e <= hi; e++) ticks.push(10 ** e);
    return { at: (y) => (Math.log10(y) - lo) / (hi - lo), ticks };
  }
  const max = Math.max(...ys);
  const step = niceStep(max / 4);
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= top + step / 2; t += step) ticks.push(t);
  return { at: (y) => y / top, ticks };
}

function niceStep(raw: number): number {
  const e = 10 ** Math.floor(Math.log10(raw));
  const f = raw / e;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * e;
}

/** 1,500 as 1.5k, 2,000,000 as 2M, 1,048,576 bytes stay a plain number with k/M suffixes. */
export function formatNumber(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e6) return `${trim(n / 1e6)}M`;
  if (abs >= 1e4) return `${trim(n / 1e3)}k`;
  if (abs >= 100 || Number.isInteger(n)) return Math.round(n).toLocaleString("en-US");
  return trim(n);
}

function trim(n: number): string {
  return Number(n.toPrecision(3)).toString();
}
