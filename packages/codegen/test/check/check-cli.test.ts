/**
 * `rpcgen check` as a user runs it: the real CLI in a child process, on IDL files, on schema
 * JSON files, and against a git ref of a scratch repository (with an import and a tsconfig).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { generate } from "../../src/index.js";
import { rpcgen } from "../call/run-cli.js";

const fixtures = join(import.meta.dirname, "fixtures");
const cases = join(import.meta.dirname, "cases");
const scratch = mkdtempSync(join(tmpdir(), "rpcgen-check-test-"));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("rpcgen check", { timeout: 120_000 }, () => {
  test("two IDL files: each change with its location and rule; exit 1 on a breaking one", async () => {
    const [breaking, safe] = await Promise.all([
      rpcgen(["check", join(cases, "shared-old.ts"), join(cases, "shared-new.ts")]),
      rpcgen([
        "check",
        join(fixtures, "method-added/old.ts"),
        join(fixtures, "method-added/new.ts"),
      ]),
    ]);
    expect(breaking.code).toBe(1);
    const lines = breaking.stdout.trimEnd().split("\n");
    expect(lines).toEqual([
      'packages/codegen/test/check/cases/shared-new.ts:4:3 breaking union-widened-in-request: Place.kind now accepts "village": existing servers refuse it from new clients, and existing handlers do not expect it (via Atlas.nearby)',
      'packages/codegen/test/check/cases/shared-new.ts:4:3 breaking union-widened-in-response: Place.kind may now be "village": existing clients refuse it (via Atlas.find, Atlas.nearby)',
      "packages/codegen/test/check/cases/shared-new.ts:9:3 safe response-field-added: Region.population was added: existing clients drop it (via Atlas.tree)",
      "rpcgen: 2 breaking changes, 1 safe change",
    ]);
    expect(safe.code).toBe(0);
    expect(safe.stdout).toContain("safe method-added: Svc.put is new");
  });

  test("two schema JSON files, --json for CI", async () => {
    const out = join(scratch, "schemas");
    for (const side of ["old", "new"]) {
      const file = join(fixtures, "required-field-added", `${side}.ts`);
      const result = generate({ files: [file], outDir: join(out, side) });
      expect(result.diagnostics).toEqual([]);
    }
    const run = await rpcgen([
      "check",
      join(out, "old/old.schema.json"),
      join(out, "new/new.schema.json"),
      "--json",
    ]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { breaking: unknown[]; safe: unknown[] };
    expect(report.safe).toEqual([]);
    expect(report.breaking).toEqual([
      {
        rule: "required-field-added",
        breaking: true,
        message: "Query.lang was added as a required field: existing clients do not send it",
        file: expect.stringMatching(/new\.schema\.json#types\/Query$/),
        via: ["Svc.find"],
      },
    ]);
  });

  test("--against a git ref compares the work tree's files with the ref's", async () => {
    const repo = join(scratch, "repo");
    mkdirSync(join(repo, "services"), { recursive: true });
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
        cwd: repo,
      });
    writeFileSync(
      join(repo, "tsconfig.json"),
      '{ "compilerOptions": { "strict": true, "module": "NodeNext", "moduleResolution": "NodeNext" } }\n',
    );
    writeFileSync(join(repo, "package.json"), '{ "type": "module" }\n');
    writeFileSync(
      join(repo, "services/types.ts"),
      "export interface Order {\n  id: string;\n  total: number;\n}\n",
    );
    const shop = (extra: string) =>
      `import type { Order } from "./types.js";\nexport interface Shop {\n  order(id: string): Promise<Order>;\n${extra}}\n`;
    writeFileSync(join(repo, "services/shop.ts"), shop("  cancel(id: string): Promise<void>;\n"));
    git("init", "-q");
    git("add", ".");
    git("commit", "-q", "-m", "v1");
    // The breaking edit: a method removed, and a response field retyped in the imported file.
    writeFileSync(join(repo, "services/shop.ts"), shop(""));
    writeFileSync(
      join(repo, "services/types.ts"),
      "export interface Order {\n  id: string;\n  total: string;\n}\n",
    );
    const run = await rpcgen(["check", "--against", "HEAD", join(repo, "services/shop.ts")]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "services/shop.ts:2:1 breaking method-removed: Shop.cancel was removed: existing clients calling it get unimplemented",
    );
    expect(run.stdout).toContain(
      "services/types.ts:3:3 breaking type-changed: Order.total changed from number to string (via Shop.order)",
    );
    const badRef = await rpcgen([
      "check",
      "--against",
      "no-such-ref",
      join(repo, "services/shop.ts"),
    ]);
    expect(badRef.code).toBe(1);
    expect(badRef.stderr).toContain("--against no-such-ref: not a commit, branch or tag");
  });
});
