import { existsSync, realpathSync, rmSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { analyze, type Diagnostic } from "../analyze/index.js";
import { checkSchema } from "../call/check-schema.js";
import { readSchemaFile } from "../call/schema-source.js";
import type { Schema } from "../ir/schema.js";
import { extractTree, gitRoot } from "./git-tree.js";
import { Locator } from "./locate.js";

/** One version to compare: its schema, and how to find sites in it. */
export interface Version {
  /** The file as given: an IDL file or a schema JSON. */
  readonly file: string;
  readonly schema: Schema;
  /** For an IDL file: finds sites in it. A schema JSON has no positions. */
  readonly locator?: Locator;
}

/** The input's IDL files had errors: nothing can be compared. */
export class InputErrors extends Error {
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    readonly cwd: string,
  ) {
    super("the IDL files have errors");
  }
}

/** A schema with no services: the old side of a file that did not exist yet. */
export const emptySchema: Schema = { schemaVersion: 1, source: "", types: {}, services: [] };

/** Reads one side of `rpcgen check <old> <new>`: a `.json` schema or an IDL file. */
export async function loadVersion(file: string, cwd: string): Promise<Version> {
  const path = resolve(cwd, file);
  if (path.endsWith(".json")) {
    const schema = await readSchemaFile(path).catch((error: Error) => {
      throw new Error(error.message.replace(/^--schema /, ""));
    });
    return { file: path, schema };
  }
  const [version] = analyzeVersions([path], cwd, cwd);
  return version!;
}

/** Analyzes IDL files together; `outDir` is what the schemas' paths are relative to. */
function analyzeVersions(files: readonly string[], outDir: string, cwd: string): Version[] {
  const result = analyze({ files, outDir, cwd });
  if (result.diagnostics.length > 0) throw new InputErrors(result.diagnostics, cwd);
  return result.schemas.map(({ file, schema }) => {
    const checked = checkSchema(schema);
    if (typeof checked === "string") throw new Error(`${file}: ${checked}`);
    return { file, schema: checked, locator: new Locator(file, outDir) };
  });
}

/** One IDL file as it is now and as it was at a git ref. */
export interface VersionPair {
  readonly old: Version;
  readonly next: Version;
}

/**
 * For `--against <ref>`: each IDL file of the work tree, and the same file at `ref` (analyzed
 * from a copy of the ref's TypeScript files, with its own imports and tsconfig). A file the
 * ref does not have is compared with an empty schema: everything in it is new.
 */
export function loadAgainst(files: readonly string[], ref: string, cwd: string): VersionPair[] {
  const paths = files.map((f) => resolve(cwd, f));
  const root = gitRoot(dirname(paths[0]!));
  const next = analyzeVersions(paths, cwd, cwd);
  const tree = extractTree(root, ref);
  try {
    const oldPaths = paths.map((p) => resolve(tree, relative(root, realpathSync(p))));
    const existing = oldPaths.filter((p) => existsSync(p));
    const old = existing.length === 0 ? [] : analyzeVersions(existing, tree, tree);
    return next.map((version, i) => {
      const index = existing.indexOf(oldPaths[i]!);
      const schema = index === -1 ? emptySchema : old[index]!.schema;
      return {
        old: { file: `${ref}:${relative(root, realpathSync(paths[i]!))}`, schema },
        next: version,
      };
    });
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}
