import { type RunSummary, ratioToRaw } from "./report.js";
import { escapeXml, text } from "./svg-text.js";

/**
 * The results as an SVG chart: one group per scenario, one horizontal bar per peer (raw
 * excepted), the bar's length its speed relative to raw in the same run, with a line at 1.0
 * for raw itself. Hand-written SVG (no charting library in the tree): plain rects and text, so
 * GitHub renders it and a diff of it stays readable.
 */

const width = 760;
const labelWidth = 130;
const valueWidth = 60;
const plotWidth = width - labelWidth - valueWidth - 20;
const barHeight = 14;
const barGap = 4;
const groupHeader = 24;
const top = 48;
const bottom = 30;
/** Colour-blind-friendly (Okabe-Ito plus two), one per peer in registry order. */
const palette = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#CC79A7",
  "#56B4E9",
  "#D55E00",
  "#F0E442",
  "#000000",
  "#999999",
  "#7F3C8D",
  "#11A579",
  "#3969AC",
  "#F2B701",
  "#E73F74",
];

export function renderChart(runs: readonly RunSummary[], title: string): string {
  const peers = [...new Set(runs.map((r) => r.result.peer))].filter((p) => p !== "raw");
  const colour = (peer: string) => palette[peers.indexOf(peer) % palette.length]!;
  const groups: { scenario: string; bars: { peer: string; ratio: number }[] }[] = [];
  for (const run of runs) {
    const ratio = ratioToRaw(runs, run);
    if (run.result.peer === "raw" || ratio === undefined) continue;
    const label =
      run.result.scenario === "cold-start" ? "cold-start (raw time / time)" : run.result.scenario;
    let group = groups.find((g) => g.scenario === label);
    if (group === undefined) {
      group = { scenario: label, bars: [] };
      groups.push(group);
    }
    group.bars.push({ peer: run.result.peer, ratio });
  }
  const maxRatio = Math.max(1.1, ...groups.flatMap((g) => g.bars.map((b) => b.ratio)));
  const axisMax = Math.ceil(maxRatio * 4) / 4;
  const x = (ratio: number) => labelWidth + (Math.min(ratio, axisMax) / axisMax) * plotWidth;
  const parts: string[] = [];
  let y = top;
  for (const group of groups) {
    parts.push(text(labelWidth, y + 15, group.scenario, { weight: "bold" }));
    y += groupHeader;
    for (const bar of group.bars) {
      const end = x(bar.ratio);
      parts.push(text(labelWidth - 6, y + barHeight - 3, bar.peer, { anchor: "end" }));
      parts.push(
        `<rect x="${labelWidth}" y="${y}" width="${(end - labelWidth).toFixed(1)}" height="${barHeight}" fill="${colour(bar.peer)}"><title>${escapeXml(`${bar.peer} ${group.scenario}: ${bar.ratio.toFixed(2)}x raw`)}</title></rect>`,
      );
      parts.push(text(end + 4, y + barHeight - 3, `${bar.ratio.toFixed(2)}x`));
      y += barHeight + barGap;
    }
  }
  const height = y + bottom;
  // Grid every 0.25 and the raw line at 1.0, drawn under the bars.
  const grid: string[] = [];
  for (let tick = 0; tick <= axisMax + 1e-9; tick += 0.25) {
    const gx = x(tick).toFixed(1);
    const raw = Math.abs(tick - 1) < 1e-9;
    grid.push(
      `<line x1="${gx}" y1="${top - 6}" x2="${gx}" y2="${y}" stroke="${raw ? "#333" : "#ddd"}" stroke-width="${raw ? 1.5 : 1}"${raw ? ' stroke-dasharray="4 3"' : ""}/>`,
    );
    grid.push(text(Number(gx), y + 16, raw ? "1.0 = raw" : tick.toFixed(2), { anchor: "middle" }));
  }
  if (groups.length === 0) parts.push(text(labelWidth, top + 15, "no peer besides raw to compare"));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    text(10, 20, title, { weight: "bold", size: 14 }),
    text(
      10,
      36,
      "speed relative to raw (node:net + length prefix + msgpackr records) in the same run; longer is faster",
      { fill: "#555" },
    ),
    ...grid,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}
