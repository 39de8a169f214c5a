import { fileURLToPath } from "node:url";
import { generate } from "@rpcgen/codegen";
import { expect, test } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

test("the generated service code is up to date with services/*.ts", () => {
  const result = generate({
    files: ["services/path.ts", "services/ride.ts"],
    outDir: "src/gen",
    cwd: root,
    check: true,
  });
  expect(result.diagnostics).toEqual([]);
  const stale = result.files.filter((f) => f.status !== "unchanged").map((f) => f.path);
  // Regenerate with: rpcgen generate services/path.ts services/ride.ts --out src/gen
  expect(stale).toEqual([]);
});
