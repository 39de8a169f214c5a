import { posix } from "node:path";
import ts from "typescript";
import { type DocBlocks, docBlocksOf } from "./blocks.js";
import { typeCheck } from "./compile.js";
import { type GenerateRun, type GenImport, generateModules, genImportsOf } from "./generated.js";
import { describeProblem, type FileProblem, type ProjectFile, projectFilesOf } from "./project.js";
import { mainReadme, readDoc, repoRoot } from "./workspace.js";

const parsed = new Map<string, DocBlocks>();

/** The doc's blocks, parsed once per test file. */
export function blocksOfDoc(doc: string): DocBlocks {
  let blocks = parsed.get(doc);
  if (blocks === undefined) {
    blocks = docBlocksOf(doc, readDoc(doc));
    parsed.set(doc, blocks);
  }
  return blocks;
}

/**
 * Type-checks the doc's ts blocks as one project, after generating the modules its blocks
 * import from a `gen/` folder. Returns one line per problem, each naming the doc, the line in
 * it and the block; empty when every block compiles.
 */
export function checkDoc(doc: string): string[] {
  const { blocks, problems: conventionProblems } = blocksOfDoc(doc);
  const files = projectFilesOf(blocks);
  const { runs, problems: missing } = planGeneration(doc, files);
  const generated = generateModules(
    files.filter((file) => isNamedFile(file)),
    runs,
  );
  const all = [...files, ...generated.files];
  // Next to the doc, so bare imports resolve as from a file beside it: a package's README
  // may use the package's dev dependencies (Express, Fastify), every doc the workspace's.
  const root = posix.join(repoRoot, posix.dirname(doc), ".doc-blocks", posix.basename(doc));
  const sources = new Map(all.map((file) => [posix.join(root, file.path), file.text]));
  const typeProblems = typeCheck(sources).map((d) => problemOf(d, root));
  const fileProblems = [...missing, ...generated.problems, ...typeProblems];
  return [...conventionProblems, ...fileProblems.map((p) => describeProblem(p, all))];
}

/**
 * Which generate runs the doc needs, adding to `files` the IDL files it borrows. `./gen/<name>.js`
 * comes from the doc's block named `<name>.ts` (in any folder but the gen folder itself), or,
 * when the doc has none, from the README's: the README's `services/path.ts` is the example
 * service every doc may use.
 */
function planGeneration(
  doc: string,
  files: ProjectFile[],
): { runs: GenerateRun[]; problems: FileProblem[] } {
  const byOutDir = new Map<string, Set<string>>();
  const problems: FileProblem[] = [];
  for (const wanted of files.flatMap((file) => genImportsOf(file))) {
    const module = `${wanted.genDir}/${wanted.name}.ts`;
    if (files.some((file) => file.path === module)) continue;
    const idl = findIdl(doc, files, wanted);
    if (typeof idl === "string") {
      problems.push(importProblem(files, wanted, idl));
      continue;
    }
    if (!files.some((file) => file.path === idl.path)) files.push(idl);
    const idls = byOutDir.get(wanted.genDir) ?? new Set<string>();
    byOutDir.set(wanted.genDir, idls.add(idl.path));
  }
  const runs = [...byOutDir].map(([outDir, idls]) => ({ outDir, idls: [...idls] }));
  return { runs, problems };
}

/** The IDL file for a gen import, or why there is none. */
function findIdl(
  doc: string,
  files: readonly ProjectFile[],
  wanted: GenImport,
): ProjectFile | string {
  const own = idlCandidates(files, wanted);
  if (own.length === 1 && own[0] !== undefined) return own[0];
  if (own.length > 1) {
    return `${importText(wanted)}: several blocks are named ${wanted.name}.ts (${own.map((f) => f.path).join(", ")}); rename all but one`;
  }
  if (doc !== mainReadme) {
    const borrowed = idlCandidates(projectFilesOf(blocksOfDoc(mainReadme).blocks), wanted);
    if (borrowed.length === 1 && borrowed[0] !== undefined) return borrowed[0];
  }
  return `${importText(wanted)}: no ts block is named ${wanted.name}.ts (here or in ${mainReadme}) to generate it from; add one with the first line \`// services/${wanted.name}.ts\``;
}

function idlCandidates(files: readonly ProjectFile[], wanted: GenImport): ProjectFile[] {
  return files.filter(
    (file) =>
      isNamedFile(file) &&
      posix.basename(file.path) === `${wanted.name}.ts` &&
      posix.dirname(file.path) !== wanted.genDir,
  );
}

function isNamedFile(file: ProjectFile): boolean {
  return file.segments.length === 1 && file.segments[0]?.block.role === "file";
}

function importText(wanted: GenImport): string {
  return `imports ${wanted.genDir}/${wanted.name}.js`;
}

/** A problem at the import's own line, so the failure points at the block that needs the module. */
function importProblem(
  files: readonly ProjectFile[],
  wanted: GenImport,
  message: string,
): FileProblem {
  const importer = files.find((file) => file.path === wanted.importer);
  const lines = importer?.text.split("\n") ?? [];
  const line = Math.max(
    0,
    lines.findIndex((text) => text.includes(`gen/${wanted.name}.js`)),
  );
  return { path: wanted.importer, line, character: 0, message };
}

function problemOf(diagnostic: ts.Diagnostic, root: string): FileProblem {
  const message = `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
  const { file, start } = diagnostic;
  if (file === undefined || start === undefined) {
    return { path: undefined, line: 0, character: 0, message };
  }
  const { line, character } = file.getLineAndCharacterOfPosition(start);
  return { path: posix.relative(root, file.fileName), line, character, message };
}
