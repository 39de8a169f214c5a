import { formatNumber, type Panel, renderLineChart, type Series } from "../shared/line-chart.js";
import type { CurvePoint, CurveResult } from "./index.js";
import type { CurveSpec } from "./points.js";

/** The peer every curve's ratios are taken against, when it ran. */
const reference = "raw";

/** Bytes a call moves: the payload both ways (the route itself is ~200 bytes, left out). */
function mbPerSec(point: CurvePoint): number {
  return (point.rate * 2 * point.x) / 1e6;
}

/** Server memory per connection, KB: the peak growth over the step's connections. */
function kbPerConnection(point: CurvePoint): number {
  return (Math.max(0, point.serverPeakRssMb - point.serverRssBeforeMb) * 1024) / point.x;
}

function ratio(result: CurveResult, point: CurvePoint): number | undefined {
  const ref = result.points.find((p) => p.peer === reference && p.x === point.x);
  return ref === undefined || ref.rate === 0 ? undefined : point.rate / ref.rate;
}

/** A curve as a table, one row per point and peer. */
export function formatCurve(
  spec: CurveSpec,
  result: CurveResult,
  style: "text" | "markdown",
): string {
  const payload = spec.name === "payload";
  const connections = spec.name === "connections";
  const unit = spec.name === "stream-items" ? "items/s" : "calls/s";
  const header = [
    spec.xLabel,
    "peer",
    unit,
    ...(payload ? ["MB/s"] : []),
    `vs ${reference}`,
    "p50",
    "p99",
    "server rss peak (growth)",
    ...(connections ? ["KB/conn"] : []),
    "cpu µs/unit srv+cli",
    "other cpu",
  ];
  const rows = result.points.map((point) => {
    const r = ratio(result, point);
    return [
      point.x.toLocaleString("en-US"),
      point.peer,
      Math.round(point.rate).toLocaleString("en-US"),
      ...(payload ? [mbPerSec(point).toFixed(1)] : []),
      r === undefined ? "-" : `${r.toFixed(2)}x`,
      formatUs(point.p50Us),
      formatUs(point.p99Us),
      `${point.serverPeakRssMb.toFixed(1)} MB (+${Math.max(0, point.serverPeakRssMb - point.serverRssBeforeMb).toFixed(1)})`,
      ...(connections ? [kbPerConnection(point).toFixed(1)] : []),
      `${formatCpu(point.cpuUs.server)} + ${formatCpu(point.cpuUs.client)}`,
      point.otherCpu === undefined ? "-" : `${(point.otherCpu * 100).toFixed(0)}%`,
    ];
  });
  if (style === "markdown") {
    const md = (row: readonly string[]) => `| ${row.join(" | ")} |`;
    const rule = `|${header.map((_, c) => (c === 1 ? " --- |" : " ---: |")).join("")}`;
    return [md(header), rule, ...rows.map(md)].join("\n");
  }
  const table = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, c) => (c === 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** The curve's chart: its main quantities over x, and every peer's ratio to raw. */
export function curveChart(spec: CurveSpec, result: CurveResult, date: string): string {
  const peers = [...new Set(result.points.map((p) => p.peer))];
  const series = (value: (p: CurvePoint) => number | undefined, only = peers): Series[] =>
    only.map((name) => ({
      name,
      points: result.points.filter((p) => p.peer === name).map((p) => [p.x, value(p)] as const),
    }));
  const unit = spec.name === "stream-items" ? "items/s" : "calls/s";
  const panels: Panel[] = [];
  if (spec.name === "payload")
    panels.push({ yLabel: "MB/s (payload, both ways)", logY: true, series: series(mbPerSec) });
  panels.push({
    yLabel: unit,
    logY: spec.name === "payload" || spec.name === "stream-items",
    series: series((p) => p.rate),
  });
  if (spec.name === "in-flight" || spec.name === "connections") {
    panels.push({ yLabel: "p99 latency, ms", logY: true, series: series((p) => p.p99Us / 1000) });
  }
  if (spec.name === "connections") {
    panels.push({
      yLabel: "server RSS growth per connection, KB",
      logY: false,
      series: series(kbPerConnection),
    });
  }
  const others = peers.filter((p) => p !== reference);
  if (peers.includes(reference) && others.length > 0) {
    panels.push({
      yLabel: `${unit} relative to ${reference}`,
      logY: false,
      series: series((p) => ratio(result, p), others),
    });
  }
  return renderLineChart({
    title: `cost curve: ${spec.title}`,
    subtitle: `pnpm bench --only curves, ${date}; each point a fresh pinned process pair, median of the rounds`,
    xLabel: spec.xLabel,
    panels,
  });
}

function formatUs(us: number): string {
  if (Number.isNaN(us)) return "-";
  if (us >= 10_000) return `${formatNumber(Math.round(us / 100) / 10)} ms`;
  return `${Math.round(us)} µs`;
}

function formatCpu(us: number): string {
  return us >= 100 ? us.toFixed(0) : us >= 10 ? us.toFixed(1) : us.toFixed(2);
}
