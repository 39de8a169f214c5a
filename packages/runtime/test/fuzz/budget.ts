import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import fc from "fast-check";

/**
 * Environment of a long run (`pnpm fuzz --minutes N`, long-run.ts): `RPCGEN_FUZZ_MS` is the
 * time each property may take instead of its CI budget, `RPCGEN_FUZZ_RECORD=1` appends new
 * failing inputs to the property's regression file, and `RPCGEN_FUZZ_REPORT=1` prints how many
 * cases each property ran, for the runner's total.
 */
const longRunMs = Number(process.env.RPCGEN_FUZZ_MS ?? 0);
const record = process.env.RPCGEN_FUZZ_RECORD === "1";
const report = process.env.RPCGEN_FUZZ_REPORT === "1";

/** A property's CI budget: at most `numRuns` cases, cut off after `timeLimitMs`. */
export interface FuzzBudget {
  readonly numRuns: number;
  readonly timeLimitMs: number;
}

/**
 * Checks `property` like `fc.assert`, first on every input recorded in `regressionFile` (a
 * JSON array of inputs; inputs must survive JSON), then on random ones within `budget` (or
 * the long run's time). A failure throws fast-check's report, after appending the shrunk
 * input to the file during a recording long run, so it is replayed by every later run, CI
 * included, until the file is edited. Returns the number of cases run.
 */
export async function checkProperty<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  predicate: (input: T) => Promise<void>,
  options: { readonly budget: FuzzBudget; readonly regressionFile: string },
): Promise<number> {
  const regressions = readRegressions<T>(options.regressionFile);
  const property = fc.asyncProperty(arbitrary, predicate);
  const limits =
    longRunMs > 0
      ? { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: longRunMs }
      : { numRuns: options.budget.numRuns, interruptAfterTimeLimit: options.budget.timeLimitMs };
  const details = await fc.check(property, {
    ...limits,
    examples: regressions.map((input) => [input] as [T]),
  });
  if (report) process.stderr.write(`fuzz-cases ${name} ${details.numRuns}\n`);
  if (details.failed) {
    const input = details.counterexample?.[0];
    if (record && input !== undefined && !regressions.some((r) => same(r, input))) {
      mkdirSync(dirname(options.regressionFile), { recursive: true });
      writeFileSync(
        options.regressionFile,
        `${JSON.stringify([...regressions, input], null, 2)}\n`,
      );
    }
    throw new Error(fc.defaultReportMessage(details) ?? `property ${name} failed`);
  }
  return details.numRuns;
}

function readRegressions<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (!Array.isArray(parsed)) throw new Error(`${file} must hold a JSON array of inputs`);
  return parsed as T[];
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
