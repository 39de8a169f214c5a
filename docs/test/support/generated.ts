import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix, relative, sep } from "node:path";
import { generate } from "@rpcgen/codegen";
import ts from "typescript";
import type { FileProblem, ProjectFile } from "./project.js";

/** A generated module some block imports: `<genDir>/<name>.ts`, from the IDL `<name>.ts`. */
export interface GenImport {
  /** Project-relative folder the importing block points at, e.g. `src/gen`. */
  readonly genDir: string;
  /** The module's name, which is also the IDL file's name: `path` for `./gen/path.js`. */
  readonly name: string;
  /** The project file holding the import. */
  readonly importer: string;
}

/** The imports of `./gen/<name>.js`, `../gen/<name>.js` and the like in a project file. */
export function genImportsOf(file: ProjectFile): GenImport[] {
  const { importedFiles } = ts.preProcessFile(file.text, true, true);
  const found: GenImport[] = [];
  for (const { fileName } of importedFiles) {
    if (!fileName.startsWith("./") && !fileName.startsWith("../")) continue;
    const target = posix.join(posix.dirname(file.path), fileName);
    const genDir = posix.dirname(target);
    if (posix.basename(genDir) !== "gen" || !target.endsWith(".js")) continue;
    found.push({ genDir, name: posix.basename(target, ".js"), importer: file.path });
  }
  return found;
}

/** One `rpcgen generate <idls...> --out <outDir>` run. */
export interface GenerateRun {
  readonly outDir: string;
  /** Project-relative IDL files. */
  readonly idls: readonly string[];
}

export interface Generated {
  /** The generated modules, as project files. */
  readonly files: readonly ProjectFile[];
  /** rpcgen's diagnostics, pointing at the IDL files. */
  readonly problems: readonly FileProblem[];
}

/**
 * Runs the real code generator as `rpcgen generate` would in the doc's project: the project's
 * named files are laid out in a scratch directory (IDL files may import each other), each run
 * generates into its folder, and the generated modules are read back.
 */
export function generateModules(
  layout: readonly ProjectFile[],
  runs: readonly GenerateRun[],
): Generated {
  const scratch = mkdtempSync(join(tmpdir(), "rpcgen-docs-"));
  try {
    // An ES module package, like the project the docs assume.
    writeFileSync(join(scratch, "package.json"), '{ "type": "module" }\n');
    for (const file of layout) {
      const path = join(scratch, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.text);
    }
    const files: ProjectFile[] = [];
    const problems: FileProblem[] = [];
    for (const run of runs) {
      const result = generate({ files: run.idls, outDir: run.outDir, cwd: scratch });
      for (const d of result.diagnostics) {
        const path = projectPath(scratch, d.file);
        const message = `rpcgen: ${d.message} [${d.code}]`;
        problems.push({ path, line: d.line - 1, character: d.column - 1, message });
      }
      for (const { path } of result.files) {
        if (!path.endsWith(".ts")) continue;
        const text = readFileSync(path, "utf8");
        files.push({ path: projectPath(scratch, path), text, segments: [] });
      }
    }
    return { files, problems };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function projectPath(scratch: string, file: string): string {
  return relative(scratch, file).split(sep).join("/");
}
