import type { SpanRecord } from "./span-file.js";

/**
 * One trace as an indented tree, a line per span: name, kind, duration, process and outcome,
 * children under their parent in the order they started. Spans whose parent is not among
 * `spans` are printed as roots.
 *
 * ```text
 * rider-0 books a ride                           42.1 ms  demo[811]          ok
 * └─ RideService/placeMyRide         client      41.5 ms  demo[811]          ok
 *    └─ RideService/placeMyRide      server      39.9 ms  ride-service[815]  ok
 * ```
 */
export function traceTree(spans: readonly SpanRecord[]): string {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string | undefined, SpanRecord[]>();
  for (const span of spans) {
    const parent =
      span.parentSpanId !== undefined && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
    const list = children.get(parent) ?? [];
    list.push(span);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.startMs - b.startMs);

  const rows: { label: string; span: SpanRecord }[] = [];
  const walk = (parent: string | undefined, prefix: string, depth: number) => {
    const list = children.get(parent) ?? [];
    list.forEach((span, i) => {
      const last = i === list.length - 1;
      const branch = depth === 0 ? "" : last ? "└─ " : "├─ ";
      rows.push({ label: `${prefix}${branch}${span.name}`, span });
      walk(span.spanId, depth === 0 ? "" : `${prefix}${last ? "   " : "│  "}`, depth + 1);
    });
  };
  walk(undefined, "", 0);

  const width = Math.max(...rows.map((row) => row.label.length));
  const processWidth = Math.max(...rows.map((row) => row.span.process.length));
  return rows
    .map(({ label, span }) => {
      const kind = span.kind === "internal" ? "" : span.kind;
      const duration = `${span.durationMs.toFixed(1)} ms`;
      return `${label.padEnd(width)}  ${kind.padEnd(6)}  ${duration.padStart(9)}  ${span.process.padEnd(processWidth)}  ${outcomeOf(span)}`;
    })
    .join("\n");
}

/**
 * How the span's call ended: its rpcgen status code (`ok`, `resource_exhausted`, ...), with the
 * message when the span is marked failed; for a span that is not a call, its span status.
 */
function outcomeOf(span: SpanRecord): string {
  const code = span.attributes["rpc.rpcgen.status_code"] ?? span.attributes["rpc.status_code"];
  const outcome = typeof code === "string" ? code : span.status.code === "error" ? "error" : "ok";
  return span.status.code === "error" && span.status.message !== undefined
    ? `${outcome}: ${span.status.message}`
    : outcome;
}
