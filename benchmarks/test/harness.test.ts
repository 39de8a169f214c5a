import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const runScript = fileURLToPath(new URL("../src/run.ts", import.meta.url));
const benchDir = fileURLToPath(new URL("..", import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), "rpcgen-bench-"));

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Runs the real CLI, as `pnpm bench` would, and resolves with its exit code and output. */
function runBench(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", runScript, ...args], {
      cwd: benchDir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, output }));
  });
}

// Only the plumbing is checked here: timing belongs in `pnpm bench`, never in a unit test.
describe("benchmark harness", () => {
  it("runs the raw peer in smoke mode and writes the results array", async () => {
    const out = join(outDir, "smoke.json");
    const { code, output } = await runBench([
      "--smoke",
      "--only",
      "rpc",
      "--peers",
      "raw",
      "--out",
      out,
    ]);
    expect(code, output).toBe(0);
    expect(output).toContain(`node ${process.version}`);

    const results: unknown = JSON.parse(readFileSync(out, "utf8"));
    expect(Array.isArray(results)).toBe(true);
    const rows = results as Record<string, unknown>[];
    expect(rows.map((r) => r.scenario)).toEqual([
      "unary-1",
      "unary-64",
      "unary-64k",
      "conns-100x16",
      "stream-100k",
      "idle-100",
      "cold-start",
    ]);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(
        ["callsPerSec", "cpuSecPer100k", "p50Us", "p99Us", "peer", "rssMb", "scenario"].sort(),
      );
      expect(row.peer).toBe("raw");
      for (const key of ["p50Us", "p99Us", "rssMb"]) {
        expect(typeof row[key], key).toBe("number");
        expect(row[key] as number, key).toBeGreaterThan(0);
      }
      // Rates and CPU per call exist only where rounds are timed.
      const timed = !["idle-100", "cold-start"].includes(row.scenario as string);
      if (timed) {
        expect(row.callsPerSec as number).toBeGreaterThan(0);
        const cpu = row.cpuSecPer100k as { server: number; client: number };
        expect(Object.keys(cpu).sort()).toEqual(["client", "server"]);
      } else {
        expect(row.callsPerSec).toBeNull();
        expect(row.cpuSecPer100k).toBeNull();
      }
    }
    const meta = JSON.parse(readFileSync(out.replace(/\.json$/, ".meta.json"), "utf8")) as {
      node: string;
      peers: Record<string, Record<string, string>>;
    };
    expect(meta.node).toBe(process.version);
    expect(Object.keys(meta.peers.raw ?? {})).toContain("msgpackr");
    expect(readFileSync(out.replace(/\.json$/, ".svg"), "utf8")).toMatch(/^<svg /);
  }, 30_000);

  it("runs the validator, code generation and type-check sections in smoke mode", async () => {
    const dir = join(outDir, "sections");
    const { code, output } = await runBench([
      "--smoke",
      "--only",
      "validators,codegen,typecheck",
      "--out",
      join(dir, "latest.json"),
    ]);
    expect(code, output).toBe(0);
    // --only leaves the RPC pairs out, and their results file with them.
    expect(existsSync(join(dir, "latest.json"))).toBe(false);

    const validators = JSON.parse(readFileSync(join(dir, "validators.json"), "utf8")) as {
      results: Record<string, unknown>[];
      errors: Record<string, Record<string, string>>;
    };
    const cases = ["path-request", "route-16", "route-16-extra-keys", "route-16-invalid"];
    expect(validators.results.map((r) => `${r.case}/${r.validator}`)).toEqual(
      cases.flatMap((c) => ["rpcgen", "zod", "ajv"].map((v) => `${c}/${v}`)),
    );
    for (const row of validators.results) {
      for (const key of ["opsPerSec", "nsPerOp", "vsRpcgen", "unpackNsPerOp"]) {
        expect(typeof row[key], key).toBe("number");
        expect(row[key] as number, key).toBeGreaterThan(0);
      }
    }
    // Every validator blamed the wrong coordinate of the invalid route.
    expect(Object.keys(validators.errors["route-16-invalid"] ?? {}).sort()).toEqual([
      "ajv",
      "rpcgen",
      "zod",
    ]);

    const codegen = JSON.parse(readFileSync(join(dir, "codegen.json"), "utf8")) as {
      coldMs: { median: number };
      warmMs: { median: number };
      output: { name: string; bytes: number }[];
    };
    expect(codegen.coldMs.median).toBeGreaterThan(0);
    expect(codegen.warmMs.median).toBeGreaterThan(0);
    expect(codegen.output.map((f) => f.name).sort()).toEqual(["bench.schema.json", "bench.ts"]);
    for (const file of codegen.output) expect(file.bytes).toBeGreaterThan(0);

    const typecheck = JSON.parse(readFileSync(join(dir, "typecheck.json"), "utf8")) as {
      projects: { project: string; checkMs: number; memoryMb: number; types: number }[];
    };
    expect(typecheck.projects.map((p) => p.project)).toEqual(["rpcgen", "trpc"]);
    for (const project of typecheck.projects) {
      for (const key of ["checkMs", "memoryMb", "types"] as const) {
        expect(project[key], `${project.project} ${key}`).toBeGreaterThan(0);
      }
    }
  }, 90_000);

  it("runs the other raw references and a cost curve in smoke mode", async () => {
    const dir = join(outDir, "references");
    const { code, output } = await runBench([
      "--smoke",
      "--only",
      "rpc,curves",
      "--peers",
      "raw-http,raw-ws",
      "--scenarios",
      "unary-64,stream-100k",
      "--curves",
      "in-flight",
      "--curve-peers",
      "raw",
      "--out",
      join(dir, "latest.json"),
    ]);
    expect(code, output).toBe(0);
    const rows = JSON.parse(readFileSync(join(dir, "latest.json"), "utf8")) as {
      peer: string;
      scenario: string;
      callsPerSec: number;
    }[];
    expect(rows.map((r) => `${r.scenario}/${r.peer}`)).toEqual(
      ["unary-64", "stream-100k"].flatMap((s) => ["raw-http", "raw-ws"].map((p) => `${s}/${p}`)),
    );
    for (const row of rows) expect(row.callsPerSec, row.peer).toBeGreaterThan(0);

    const curves = JSON.parse(readFileSync(join(dir, "curves.json"), "utf8")) as {
      curves: { name: string; points: { peer: string; x: number; rate: number }[] }[];
      failures: string[];
    };
    expect(curves.failures).toEqual([]);
    expect(curves.curves.map((c) => c.name)).toEqual(["in-flight"]);
    // Smoke runs the two smallest points of a curve for every peer.
    expect(curves.curves[0]!.points.map((p) => `${p.x}/${p.peer}`)).toEqual(["1/raw", "4/raw"]);
    for (const point of curves.curves[0]!.points) expect(point.rate).toBeGreaterThan(0);
    const svg = readFileSync(join(dir, "curve-in-flight.svg"), "utf8");
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain("calls in flight");
  }, 60_000);

  it("refuses an unknown section with a usage error", async () => {
    const { code, output } = await runBench(["--only", "nope"]);
    expect(code).toBe(2);
    expect(output).toContain("unknown section nope");
  });

  it("refuses an unknown peer with a usage error", async () => {
    const { code, output } = await runBench(["--peers", "nope"]);
    expect(code).toBe(2);
    expect(output).toContain("unknown peer nope");
  });
});
