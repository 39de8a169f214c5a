import { posix } from "node:path";
import { type Fence, fencesOf } from "./fences.js";

/**
 * How a ts block takes part in its doc's project (the convention is in docs/contributing.md):
 * `file` when its first line names a path, `fragment` when it carries the fragment marker,
 * otherwise `module`, an independent module under a generated name.
 */
export type BlockRole = "file" | "module" | "fragment";

/** A ts or typescript block of a doc, placed in the doc's virtual project. */
export interface CodeBlock {
  /** The doc, relative to the repository root. */
  readonly doc: string;
  readonly fence: Fence;
  /** The code, one entry per line. */
  readonly lines: readonly string[];
  readonly role: BlockRole;
  /** The project file the block is (part of), relative to the project root, with `/`. */
  readonly path: string;
}

/** Everything in one doc the check cares about. */
export interface DocBlocks {
  readonly blocks: readonly CodeBlock[];
  /** Fences in other languages, by language (`""` for bare fences): not type-checked. */
  readonly otherFences: ReadonlyMap<string, number>;
  /** Blocks that break the convention itself, e.g. two blocks naming one path. */
  readonly problems: readonly string[];
}

/** First line of a block checked as declarations only (signatures without bodies allowed). */
export const fragmentMarker = "// fragment: declarations only";

/** Fragments of one doc share this declaration file, so a contract shown in pieces may refer to its other pieces. */
export const fragmentsPath = "src/fragments.d.ts";

const typeScriptLangs = new Set(["ts", "typescript"]);
const typeScriptFile = /\.(?:ts|mts|cts)$/;

export function docBlocksOf(doc: string, markdown: string): DocBlocks {
  const blocks: CodeBlock[] = [];
  const otherFences = new Map<string, number>();
  const problems: string[] = [];
  const named = new Map<string, number>();
  for (const fence of fencesOf(markdown)) {
    if (!typeScriptLangs.has(fence.lang)) {
      otherFences.set(fence.lang, (otherFences.get(fence.lang) ?? 0) + 1);
      continue;
    }
    const lines = fence.code === "" ? [] : fence.code.slice(0, -1).split("\n");
    const placed = placeBlock(fence, lines);
    if (typeof placed === "string") problems.push(`${doc}:${fence.line}: ${placed}`);
    let { role, path } =
      typeof placed === "string" ? { role: "module" as const, path: modulePath(fence) } : placed;
    const earlier = role === "file" ? named.get(path) : undefined;
    if (earlier !== undefined) {
      problems.push(
        `${doc}:${fence.line}: a second block names ${path} (the first is at line ${earlier}); give one of them another path`,
      );
      // Still checked, on its own, so its errors are not hidden behind the naming problem.
      role = "module";
      path = modulePath(fence);
    }
    if (role === "file") named.set(path, fence.line);
    blocks.push({ doc, fence, lines, role, path });
  }
  return { blocks, otherFences, problems };
}

/** The block's role and file, or why the path its first line names cannot be used. */
function placeBlock(
  fence: Fence,
  lines: readonly string[],
): { role: BlockRole; path: string } | string {
  if ((lines[0] ?? "").trim() === fragmentMarker) return { role: "fragment", path: fragmentsPath };
  if (fence.path === undefined) return { role: "module", path: modulePath(fence) };
  const path = posix.normalize(fence.path);
  // Inside the project only, so a block can never stand for a real file of the repository.
  if (path.startsWith("../"))
    return `${fence.path} leaves the doc's project; name a path inside it`;
  if (!typeScriptFile.test(path)) return `a ts block names ${fence.path}; name a .ts file`;
  return { role: "file", path };
}

function modulePath(fence: Fence): string {
  return `src/block-${fence.line}.ts`;
}
