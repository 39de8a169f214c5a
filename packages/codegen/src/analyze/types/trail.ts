import { relative, sep } from "node:path";
import ts from "../../typescript.cjs";
import { packageNameOf } from "../paths.js";
import type { Context } from "./context.js";
import { isUserNode, written } from "./nodes.js";

/**
 * Where the walk is, for messages. Problems are reported at the nearest node in the user's own
 * files, which inside a package's types is the place the package's type is used: the trail says
 * how the walk got from there to the problem, and where the problem is declared.
 */
export interface Trail {
  /**
   * Where the path starts: the named type whose body is walked (`Outer`), or a method's
   * parameter (`PathService.shortestPath(req)`) or result (`PathService.shortestPath()`).
   */
  readonly root: string;
  /** The way down from the root: `.inner`, `[number]`, `[0]`, `[string]`, `[Symbol.iterator]`. */
  readonly steps: readonly string[];
  /**
   * Inside a type declared in a package (or the standard library): its problems are reported
   * at the user's node that led there, so the message must say where they really are.
   */
  readonly foreign: boolean;
  /** The declaration last stepped through (a property, a named type), in whatever file. */
  readonly at: ts.Node | undefined;
}

/** The trail at a method's parameter or result. */
export function rootTrail(root: string): Trail {
  return { root, steps: [], foreign: false, at: undefined };
}

/** `ctx` one step further down: into a property, an element, an index signature's values. */
export function step(ctx: Context, segment: string, at?: ts.Node): Context {
  const trail = ctx.trail;
  return { ...ctx, trail: { ...trail, steps: [...trail.steps, segment], at: at ?? trail.at } };
}

/**
 * `ctx` inside the body of a named type. A type of the user's starts a new path at its own name
 * (its problems are reported in its own declaration). So does a package's type used from the
 * user's code (`Outer`); inside it, the path goes on through the package's types
 * (`Outer.inner.range`), since all of them are reported at the user's node that led there.
 */
export function enterNamed(ctx: Context, name: string, declaration: ts.Node): Context {
  const foreign = !isUserNode(ctx, declaration);
  if (foreign && ctx.trail.foreign) return { ...ctx, trail: { ...ctx.trail, at: declaration } };
  return { ...ctx, trail: { root: name, steps: [], foreign, at: declaration } };
}

/** The path as one string: `Outer.inner.range`, `PathService.shortestPath(req).avoid[number]`. */
export function pathText(trail: Trail): string {
  return `${trail.root}${trail.steps.join("")}`;
}

/** The step into a property: `.name`, `["content-type"]`, or `[Symbol.iterator]` for a symbol. */
export function propertyStep(prop: ts.Symbol): string {
  const symbolKey = symbolKeyText(prop);
  if (symbolKey !== undefined) return `[${symbolKey}]`;
  return /^[A-Za-z_$][\w$]*$/.test(prop.name) ? `.${prop.name}` : `[${JSON.stringify(prop.name)}]`;
}

/** A property's key as a message shows it: `name`, or `[Symbol.iterator]` for a symbol key. */
export function keyLabel(prop: ts.Symbol): string {
  const symbolKey = symbolKeyText(prop);
  return symbolKey === undefined ? prop.name : `[${symbolKey}]`;
}

/** True when the property is keyed by a symbol (`[Symbol.iterator]`, `[tag]`). */
export function hasSymbolKey(prop: ts.Symbol): boolean {
  return symbolKeyText(prop) !== undefined;
}

/**
 * The expression of a symbol key as written (`Symbol.iterator`, `tag`). The checker names such
 * properties `__@iterator@12`; the declaration, when there is one, has the real spelling.
 */
function symbolKeyText(prop: ts.Symbol): string | undefined {
  const match = /^__@(.+)@\d+$/.exec(prop.escapedName as string);
  if (match === null) return undefined;
  for (const declaration of prop.declarations ?? []) {
    const name = ts.getNameOfDeclaration(declaration);
    if (name !== undefined && ts.isComputedPropertyName(name)) return written(name.expression);
  }
  const name = match[1] as string;
  return wellKnownSymbols.has(name) ? `Symbol.${name}` : name;
}

const wellKnownSymbols = new Set([
  "asyncDispose",
  "asyncIterator",
  "dispose",
  "hasInstance",
  "isConcatSpreadable",
  "iterator",
  "match",
  "matchAll",
  "metadata",
  "replace",
  "search",
  "species",
  "split",
  "toPrimitive",
  "toStringTag",
  "unscopables",
]);

/**
 * Where a node is declared, for a message: `node_modules/@acme/api/index.d.ts:12:3` relative to
 * the working directory, as diagnostics print their own position.
 */
export function locationOf(ctx: Context, node: ts.Node): string {
  const file = node.getSourceFile();
  const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file));
  const path = relative(ctx.cwd, file.fileName).split(sep).join("/") || file.fileName;
  return `${path}:${line + 1}:${character + 1}`;
}

/** The package a foreign node comes from (`@acme/api`), or "the standard library". */
export function ownerOf(ctx: Context, node: ts.Node): string {
  const file = node.getSourceFile();
  if (ctx.program.isSourceFileDefaultLibrary(file)) return "TypeScript's standard library";
  const name = packageNameOf(file.fileName);
  return name === undefined ? "a package" : `package \`${name}\``;
}
