import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { analyze, DiagnosticCode, formatDiagnostic } from "../../src/analyze/index.js";
import { importSpecifier, packageNameOf, relativePath } from "../../src/analyze/paths.js";
import { analyzeSources, genDir, idlDir } from "./helpers.js";

describe("options and output", () => {
  test("a missing IDL file is a diagnostic, not a throw; the others are still analyzed", () => {
    const result = analyze({ files: ["path.ts", "nope.ts"], outDir: genDir, cwd: idlDir });
    expect(result.diagnostics.map((d) => [d.file, d.code])).toEqual([
      [join(idlDir, "nope.ts"), DiagnosticCode.fileNotFound],
    ]);
    expect(result.schemas.map((s) => s.file)).toEqual([join(idlDir, "path.ts")]);
  });

  test("a missing tsconfig is a diagnostic", () => {
    const result = analyze({
      files: ["path.ts"],
      outDir: genDir,
      cwd: idlDir,
      tsconfig: "nope.json",
    });
    expect(result.diagnostics.map((d) => d.code)).toEqual([DiagnosticCode.fileNotFound]);
  });

  test("a tsconfig's own errors are reported", () => {
    const { diagnostics } = analyzeSources(
      { "tsconfig.json": '{ "compilerOptions": { "strict": "yes" } }', "idl.ts": "export {};" },
      { entries: ["idl.ts"], tsconfig: "tsconfig.json" },
    );
    expect(diagnostics.map((d) => d.code)).toEqual(["ts5024"]);
  });

  test("TypeScript errors in the IDL are reported with ts codes", () => {
    const { diagnostics } = analyzeSources({ "idl.ts": "export const x: number = 'a';" });
    expect(diagnostics.map((d) => [d.line, d.column, d.code])).toEqual([[1, 14, "ts2322"]]);
  });

  test("formatDiagnostic prints path:line:col relative to cwd, the message and the code", () => {
    const d = { file: "/w/services/path.ts", line: 12, column: 5, message: "bad.", code: "x-y" };
    expect(formatDiagnostic(d, "/w")).toBe("services/path.ts:12:5 error: bad. [x-y]");
  });
});

describe("paths", () => {
  test("relative paths always start with ./ or ../", () => {
    expect(relativePath("/a/gen", "/a/gen/x.ts")).toBe("./x.ts");
    expect(relativePath("/a/gen", "/a/services/path.ts")).toBe("../services/path.ts");
  });

  test("import specifiers use the extension Node runs", () => {
    expect(importSpecifier("/a/gen", "/a/services/path.ts")).toBe("../services/path.js");
    expect(importSpecifier("/a/gen", "/a/x.mts")).toBe("../x.mjs");
    expect(importSpecifier("/a/gen", "/a/x.d.ts")).toBe("../x.js");
    expect(importSpecifier("/a/gen", "/a/x.tsx")).toBe("../x.js");
  });

  test("package names come from the last node_modules segment", () => {
    expect(packageNameOf("/p/node_modules/@fixture/geo/index.d.ts")).toBe("@fixture/geo");
    expect(packageNameOf("/p/node_modules/.pnpm/a@1/node_modules/a/lib/x.d.ts")).toBe("a");
    expect(packageNameOf("/p/node_modules/@types/scope__name/index.d.ts")).toBe("@scope/name");
    expect(packageNameOf("/p/node_modules/@types/node/index.d.ts")).toBe("node");
    expect(packageNameOf("/p/src/x.ts")).toBeUndefined();
  });
});
