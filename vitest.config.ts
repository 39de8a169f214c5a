import { defineConfig } from "vitest/config";
import { ConformanceMatrixReporter } from "./packages/runtime/test/conformance/matrix-reporter.js";

// Workspace packages resolve to their TypeScript sources through the "@rpcgen/source" export
// condition, so tests never run against a stale dist/.
export default defineConfig({
  resolve: {
    conditions: ["@rpcgen/source"],
    // The codegen loads the compiler API through src/typescript.cts, a require() that spares
    // every CLI start Node's ESM scan of typescript.js. Vite runs no CommonJS sources, so tests
    // that import the codegen in-process get "typescript" itself: the same namespace.
    alias: [{ find: /^(?:\.\.?\/)+typescript\.cjs$/, replacement: "typescript" }],
  },
  ssr: { resolve: { conditions: ["@rpcgen/source"] } },
  test: {
    include: [
      "packages/*/test/**/*.test.ts",
      "examples/*/test/**/*.test.ts",
      "benchmarks/test/**/*.test.ts",
      "docs/test/**/*.test.ts",
    ],
    reporters: ["default", new ConformanceMatrixReporter()],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // expect.poll waits for a state to arrive; its bound only catches a state that never does.
    // vitest's 1 s default is shorter than a reconnect or a child process's start on a loaded
    // machine, where such waits failed although the state came.
    expect: { poll: { timeout: 20_000 } },
  },
});
