import { relative, sep } from "node:path";

/** `to` relative to the directory `from`, with `/` separators and a leading `./` or `../`. */
export function relativePath(from: string, to: string): string {
  const rel = relative(from, to).split(sep).join("/");
  return rel.startsWith("../") || rel.startsWith("./") ? rel : `./${rel}`;
}

/**
 * The ESM specifier the generated module uses to import an IDL file: relative to the output
 * directory, with the extension Node resolves at run time (`.ts` becomes `.js`).
 */
export function importSpecifier(outDir: string, file: string): string {
  const rel = relativePath(outDir, file);
  const match = /(\.d)?\.([mc]?)tsx?$/.exec(rel);
  if (match === null) return rel;
  return `${rel.slice(0, match.index)}.${match[2] ?? ""}js`;
}

/**
 * The package that ships a declaration file in node_modules, as a user would import it:
 * the segment after the last `node_modules/` (two segments for a scope), with DefinitelyTyped's
 * `@types/scope__name` mapped back to `@scope/name`. Undefined outside node_modules.
 */
export function packageNameOf(file: string): string | undefined {
  const parts = file.split(/[\\/]/);
  const at = parts.lastIndexOf("node_modules");
  if (at < 0) return undefined;
  const first = parts[at + 1];
  if (first === undefined) return undefined;
  const name = first.startsWith("@") ? `${first}/${parts[at + 2] ?? ""}` : first;
  if (!name.startsWith("@types/")) return name;
  const typed = name.slice("@types/".length);
  const scoped = typed.split("__");
  return scoped.length === 2 ? `@${scoped[0]}/${scoped[1]}` : typed;
}
