import { fileURLToPath } from "node:url";
import { generate } from "@rpcgen/codegen";
import { expect, test } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

test("the rpcgen peers' generated code is up to date with src/shared/service.ts", () => {
  const result = generate({
    files: ["src/shared/service.ts"],
    outDir: "src/peers/rpcgen/gen",
    cwd: root,
    check: true,
  });
  expect(result.diagnostics).toEqual([]);
  const stale = result.files.filter((f) => f.status !== "unchanged").map((f) => f.path);
  // Regenerate with: pnpm --filter @rpcgen/benchmarks gen:rpcgen
  expect(stale).toEqual([]);
});
