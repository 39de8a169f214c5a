import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A git failure, in git's words. */
export class GitProblem extends Error {}

/** The top of the git work tree holding `dir`. */
export function gitRoot(dir: string): string {
  return realpathSync(git(dir, ["rev-parse", "--show-toplevel"]).toString("utf8").trim());
}

/** Files a TypeScript program may read: sources, declarations, tsconfig and package.json. */
const wanted = /\.(?:[cm]?tsx?|json)$/;

/**
 * Writes the TypeScript and JSON files of `ref` into a new temporary directory laid out like
 * the work tree, so the IDL files as they were at `ref` can be analyzed with their imports and
 * tsconfig. Each directory that has a `node_modules` in the work tree gets a link to it, so
 * packages resolve as they do there. Returns the directory; the caller removes it.
 */
export function extractTree(root: string, ref: string): string {
  try {
    git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new GitProblem(`--against ${ref}: not a commit, branch or tag of ${root}`);
  }
  const listing = git(root, ["ls-tree", "-r", "-z", "--full-tree", ref]).toString("utf8");
  const entries = listing
    .split("\0")
    .filter((line) => line !== "")
    .map((line) => {
      const tab = line.indexOf("\t");
      const [mode, type, oid] = line.slice(0, tab).split(" ");
      return { mode, type, oid: oid!, path: line.slice(tab + 1) };
    })
    .filter((e) => e.type === "blob" && e.mode !== "120000" && wanted.test(e.path));
  const dir = mkdtempSync(join(tmpdir(), "rpcgen-check-"));
  if (entries.length === 0) return dir;
  const batch = git(root, ["cat-file", "--batch"], `${entries.map((e) => e.oid).join("\n")}\n`);
  let offset = 0;
  const dirs = new Set<string>([""]);
  for (const entry of entries) {
    const headerEnd = batch.indexOf(10, offset);
    const size = Number(batch.subarray(offset, headerEnd).toString("latin1").split(" ")[2]);
    const content = batch.subarray(headerEnd + 1, headerEnd + 1 + size);
    offset = headerEnd + 1 + size + 1;
    const file = join(dir, entry.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    for (let d = dirname(entry.path); d !== "." && !dirs.has(d); d = dirname(d)) dirs.add(d);
  }
  for (const d of dirs) {
    const modules = join(root, d, "node_modules");
    const link = join(dir, d, "node_modules");
    if (existsSync(modules) && !existsSync(link)) symlinkSync(modules, link, "dir");
  }
  return dir;
}

function git(cwd: string, args: readonly string[], input?: string): Buffer {
  try {
    return execFileSync("git", args, {
      cwd,
      input,
      stdio: ["pipe", "pipe", "pipe"],
      maxBuffer: 1 << 30,
    });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString("utf8").trim();
    throw new GitProblem(`git ${args[0]}: ${stderr || (error as Error).message}`);
  }
}
