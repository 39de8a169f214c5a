import type { Reporter, TestCase, TestModule } from "vitest/node";

/** How a case's test names its transport: `conformance over <transport> > group > case`. */
const suitePrefix = "conformance over ";
/** What the suite appends to a case a transport declares it cannot carry. */
const unimplementedTag = / \[unimplemented: ([a-z_]+)\]$/;

type Cell = "pass" | "FAIL" | "skip" | "unimpl";

/**
 * Prints the conformance matrix (case × transport) after the run, from every test file that
 * ran the shared suite. A declared unsupported call kind shows as `unimpl`, so what a
 * transport cannot do is visible rather than silently missing.
 */
export class ConformanceMatrixReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const cells = new Map<string, Map<string, Cell>>();
    const transports: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const placed = place(test);
        if (placed === undefined) continue;
        if (!transports.includes(placed.transport)) transports.push(placed.transport);
        let row = cells.get(placed.name);
        if (row === undefined) {
          row = new Map();
          cells.set(placed.name, row);
        }
        row.set(placed.transport, placed.cell);
      }
    }
    if (transports.length === 0) return;
    const order = [
      "memory",
      "tcp",
      "unix",
      "tls",
      "http-json",
      "http-msgpack",
      "http-node-json",
      "http-node-msgpack",
      "ws",
      "stdio",
    ];
    transports.sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b));
    const names = [...cells.keys()];
    const width = Math.max(...names.map((n) => n.length));
    const columns = transports.map((t) => Math.max(t.length, 6));
    const line = (first: string, rest: string[]) =>
      `${first.padEnd(width)} | ${rest.map((cell, i) => cell.padEnd(columns[i]!)).join(" | ")}`;
    const out = [
      "",
      "Conformance matrix (case x transport)",
      line("case", transports),
      line(
        "-".repeat(width),
        columns.map((c) => "-".repeat(c)),
      ),
      ...names.map((name) =>
        line(
          name,
          transports.map((t) => cells.get(name)?.get(t) ?? "-"),
        ),
      ),
      "",
    ];
    process.stdout.write(`${out.join("\n")}\n`);
  }
}

function place(test: TestCase): { transport: string; name: string; cell: Cell } | undefined {
  const parts = test.fullName.split(" > ");
  const head = parts[0];
  if (head === undefined || !head.startsWith(suitePrefix)) return undefined;
  const transport = head.slice(suitePrefix.length);
  let name = parts[parts.length - 1]!;
  const tag = unimplementedTag.exec(name);
  if (tag !== null) name = name.slice(0, tag.index);
  const state = test.result().state;
  const cell: Cell =
    state === "failed" ? "FAIL" : state === "passed" ? (tag === null ? "pass" : "unimpl") : "skip";
  return { transport, name, cell };
}

function rank(order: readonly string[], name: string): number {
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
}
