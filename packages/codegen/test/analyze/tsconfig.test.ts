/**
 * Which compiler options the IDL is read with (issue 12, point 5): the `tsconfig` given, else
 * the nearest tsconfig.json above the first IDL file, else defaults that accept the imports
 * users write (bundler resolution). And the generated module compiles in a bundler project and
 * in a NodeNext one alike.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { describeProject } from "../../src/analyze/index.js";
import { generate } from "../../src/generate.js";
import { scratch } from "../emit/support.js";
import { tsc } from "../support/tsc.js";
import { analyzeSources } from "./helpers.js";

const strict = { strict: true, target: "ES2022", lib: ["ES2023"], skipLibCheck: true };
const types = 'export interface Point { x: number; y: number }\nexport type Unit = "m" | "ft";\n';
const service = (from: string) => `import type { Point, Unit } from "${from}";
export interface MapService {
  distance(from: Point, to: Point, unit?: Unit): Promise<number>;
}
`;

describe("without a tsconfig.json anywhere above the IDL", () => {
  test("relative imports resolve with or without an extension, as bundlers and Node read them", () => {
    const result = analyzeSources(
      {
        "types.ts": types,
        "more.ts": "export interface Label { text: string }\n",
        "last.ts": "export interface Tag { name: string }\n",
        "idl.ts": `import type { Point } from "./types";
import type { Label } from "./more.js";
import type { Tag } from "./last.ts";
export interface S { mark(at: Point, label: Label, tag: Tag): Promise<void> }
`,
      },
      { entries: ["idl.ts"] },
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.project).toEqual({
      tsconfig: undefined,
      origin: "default",
      module: "preserve",
      moduleResolution: "bundler",
    });
  });
});

describe("the nearest tsconfig.json", () => {
  const nodeNext = JSON.stringify({
    compilerOptions: { ...strict, module: "NodeNext", moduleResolution: "NodeNext" },
  });

  test("above the first IDL file is used, as tsc finds one: its rules apply", () => {
    const result = analyzeSources(
      {
        "tsconfig.json": nodeNext,
        "services/types.ts": types,
        "services/map.ts": service("./types"),
      },
      { entries: ["services/map.ts"] },
    );
    expect(result.project).toEqual({
      tsconfig: join(result.dir, "tsconfig.json"),
      origin: "found",
      module: "nodenext",
      moduleResolution: "nodenext",
    });
    // NodeNext wants the extension: the project's own tsc would say the same.
    expect(result.diagnostics.map((d) => d.code)).toContain("ts2835");
  });

  test("the one given wins over the nearest", () => {
    const bundler = { ...strict, module: "ESNext", moduleResolution: "Bundler" };
    const result = analyzeSources(
      {
        "tsconfig.json": nodeNext,
        "config/tsconfig.json": JSON.stringify({ compilerOptions: bundler }),
        "services/types.ts": types,
        "services/map.ts": service("./types"),
      },
      { entries: ["services/map.ts"], tsconfig: "config/tsconfig.json" },
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.project.origin).toBe("given");
    expect(result.project.moduleResolution).toBe("bundler");
  });

  test("where the project writes its output does not matter: the IDL may lie outside rootDir", () => {
    const emitting = {
      ...strict,
      module: "NodeNext",
      composite: true,
      declaration: true,
      declarationMap: true,
      rootDir: "src",
      outDir: "dist",
    };
    const result = analyzeSources(
      {
        "tsconfig.json": JSON.stringify({ compilerOptions: emitting, include: ["src"] }),
        "services/types.ts": types,
        "services/map.ts": service("./types.js"),
      },
      { entries: ["services/map.ts"] },
    );
    expect(result.diagnostics).toEqual([]);
  });

  test("a project without strictNullChecks is still read with it: `T | null` stays a union", () => {
    const result = analyzeSources(
      {
        "tsconfig.json": JSON.stringify({ compilerOptions: { module: "NodeNext" } }),
        "idl.ts": "export interface S { find(id: string): Promise<string | null> }\n",
      },
      { entries: ["idl.ts"] },
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.schemas[0]?.schema.services[0]?.methods[0]?.response).toEqual({
      kind: "union",
      members: [{ kind: "string" }, { kind: "null" }],
    });
  });
});

describe("describeProject, for --verbose", () => {
  test("names the tsconfig.json and how it was chosen, or the defaults", () => {
    const found = {
      tsconfig: "/app/tsconfig.json",
      origin: "found",
      module: "nodenext",
      moduleResolution: "nodenext",
    } as const;
    expect(describeProject(found, "/app")).toBe(
      "compiler options of tsconfig.json (the nearest to the first input): module nodenext, moduleResolution nodenext",
    );
    expect(describeProject({ ...found, origin: "given" }, "/")).toBe(
      "compiler options of app/tsconfig.json (given with --tsconfig): module nodenext, moduleResolution nodenext",
    );
    const none = { tsconfig: undefined, origin: "default", module: "preserve" } as const;
    expect(describeProject({ ...none, moduleResolution: "bundler" }, "/app")).toBe(
      "no tsconfig.json found above the first input; default compiler options: strict, module preserve, moduleResolution bundler",
    );
  });
});

/** A project of each kind, with the generated module and a consumer type-checked by its tsc. */
const projects = {
  bundler: { compilerOptions: { module: "ESNext", moduleResolution: "Bundler" }, from: "./types" },
  nodenext: {
    compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext" },
    from: "./types.js",
  },
} as const;

const consumer = `import type { ClientTransport } from "@rpcgen/runtime";
import type { Point } from "../services/types.js";
import { createMapServiceClient, type MapServiceHandlers } from "./gen/map.js";

declare const transport: ClientTransport;
const origin: Point = { x: 0, y: 0 };
export const distance = createMapServiceClient(transport).distance(origin, origin, "m");
export const handlers: MapServiceHandlers = { distance: (from, to) => Math.hypot(from.x - to.x, from.y - to.y) };
`;

function writeProject(kind: keyof typeof projects): string {
  const dir = join(scratch, `tsconfig-${kind}`);
  rmSync(dir, { recursive: true, force: true });
  const files: Record<string, string> = {
    "package.json": '{ "type": "module" }\n',
    "tsconfig.json": JSON.stringify({
      compilerOptions: {
        ...strict,
        ...projects[kind].compilerOptions,
        types: ["node"],
        noEmit: true,
        verbatimModuleSyntax: true,
        customConditions: ["@rpcgen/source"],
      },
      include: ["services", "src"],
    }),
    "services/types.ts": types,
    "services/map.ts": service(projects[kind].from),
    "src/main.ts": consumer,
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe("the generated module compiles in the user's project", () => {
  test.each(Object.keys(projects) as (keyof typeof projects)[])(
    "a %s project: found by the lookup, generated, and type-checked by the project's settings",
    (kind) => {
      const dir = writeProject(kind);
      const result = generate({ files: ["services/map.ts"], outDir: "src/gen", cwd: dir });
      expect(result.diagnostics).toEqual([]);
      const run = tsc(dir);
      expect(run.output).toBe("");
      expect(run.code).toBe(0);
    },
    120_000,
  );

  test("rpcgen generate --verbose says which tsconfig.json and resolution were used", () => {
    const dir = writeProject("bundler");
    const repo = fileURLToPath(new URL("../../../../", import.meta.url));
    const bin = join(repo, "packages/codegen/src/cli/bin.ts");
    const run = spawnSync(
      process.execPath,
      ["--conditions=@rpcgen/source", "--import", "tsx", bin, "generate", "services/map.ts"].concat(
        ["--out", "src/gen", "--verbose"],
      ),
      { cwd: dir, encoding: "utf8", timeout: 60_000 },
    );
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain(
      "rpcgen: compiler options of tsconfig.json (the nearest to the first input): module esnext, moduleResolution bundler\n",
    );
    expect(run.status).toBe(0);
  }, 120_000);
});
