import { type Fence, fencesOf } from "./fences.js";

/** A file the reader writes: a code block whose first line names its path. */
export interface FileStep {
  readonly kind: "file";
  readonly line: number;
  readonly path: string;
  readonly content: string;
}

/** A shell block the reader runs; `expected` is the `text output` block shown after it. */
export interface RunStep {
  readonly kind: "run";
  readonly line: number;
  readonly script: string;
  /** ```` ```sh server ````: started and left running, like a second terminal. */
  readonly server: boolean;
  readonly expected: string | undefined;
}

export type DocStep = FileStep | RunStep;

const shells = new Set(["sh", "bash", "shell", "console"]);

/**
 * The steps a reader of a walkthrough doc takes, in order: write each block that names a
 * file, run each shell block. Other blocks (plain text, snippets without a path) are prose.
 */
export function docSteps(markdown: string): DocStep[] {
  const fences = fencesOf(markdown);
  const steps: DocStep[] = [];
  fences.forEach((fence, i) => {
    if (shells.has(fence.lang)) {
      steps.push({
        kind: "run",
        line: fence.line,
        script: fence.code,
        server: fence.meta === "server",
        expected: outputAfter(fences[i + 1]),
      });
    } else if (fence.path !== undefined) {
      steps.push({ kind: "file", line: fence.line, path: fence.path, content: fence.code });
    }
  });
  return steps;
}

function outputAfter(fence: Fence | undefined): string | undefined {
  return fence?.lang === "text" && fence.meta === "output" ? fence.code : undefined;
}
