import type { TypeNode } from "../../ir/schema.js";
import ts from "../../typescript.cjs";
import type { DiagnosticCode } from "../codes.js";
import { type Context, refusedType, type Site } from "./context.js";
import { isUserNode, quote, written } from "./nodes.js";
import { locationOf, ownerOf, pathText } from "./trail.js";

/** Why a type is refused and what to write instead: both end up in the message. */
export interface Refusal {
  readonly code: DiagnosticCode;
  /** Completes "`<type>` ...", e.g. "is a function: functions cannot be sent over the wire". */
  readonly why: string;
  /** A full sentence, e.g. "Write the data the function would compute instead." */
  readonly instead: string;
  /** What is refused, quoted, when it is not the type itself (a symbol key: `` `[tag]` ``). */
  readonly subject?: string;
}

/**
 * Reports a refused type at the site's anchor and returns a stand-in so the walk goes on: one
 * run reports every problem. See {@link refusalMessage} for what the message says.
 */
export function refuse(ctx: Context, type: ts.Type, site: Site, refusal: Refusal): TypeNode {
  ctx.sink.atNode(site.anchor, refusal.code, refusalMessage(ctx, type, site, refusal));
  return refusedType;
}

/**
 * `<the type as written> at <path> <why>. <what to write instead>`, and for a type declared in
 * a package, where it is declared and how to get around a declaration the user cannot edit.
 * The path (`Outer.inner.range`) is what makes a problem reported at the user's `Outer` findable.
 */
export function refusalMessage(ctx: Context, type: ts.Type, site: Site, refusal: Refusal): string {
  const shown = refusal.subject ?? shownType(ctx, type, site);
  const path = pathText(ctx.trail);
  const at = path === "" || shown === quote(path) ? "" : ` at ${quote(path)}`;
  const declared = foreignDeclaration(ctx, site);
  const foreign = declared === undefined ? "" : ` ${foreignAdvice(ctx, declared)}`;
  return `${shown}${at} ${refusal.why}. ${refusal.instead}${foreign}`;
}

/**
 * The refused type, quoted: as written where it is written (in the user's files or a
 * package's), else as the checker prints it. When the anchor is the user's own text for some
 * other type (a generic `T`), both are shown: `` `T` (here `() => void`) ``.
 */
function shownType(ctx: Context, type: ts.Type, site: Site): string {
  if (site.node !== undefined) return quote(written(site.node));
  const resolved = ctx.checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTypeReduction);
  // Inside a package's types the anchor is the user's node that led there (`Outer`): quoting
  // it would blame that type for what is wrong deep inside it.
  if (ctx.trail.foreign) return quote(resolved);
  const text = written(site.anchor);
  return resolved === text ? quote(text) : `${quote(text)} (here ${quote(resolved)})`;
}

/** The node declaring the problem when it is in a package, where the user cannot fix it. */
function foreignDeclaration(ctx: Context, site: Site): ts.Node | undefined {
  if (site.node !== undefined) return isUserNode(ctx, site.node) ? undefined : site.node;
  return ctx.trail.foreign ? ctx.trail.at : undefined;
}

/**
 * Where a package declares the problem and what to do about it: the user cannot edit the
 * package, so the way out is a type of their own in place of the package's (keeping what does
 * work with `Omit`), or a narrower type at the place they use it.
 */
function foreignAdvice(ctx: Context, declared: ts.Node): string {
  const where = `It is declared in ${ownerOf(ctx, declared)} (${locationOf(ctx, declared)}), which you cannot change`;
  const { root, steps } = ctx.trail;
  const property = steps[0] === undefined ? undefined : propertyName(steps[0]);
  if (property === undefined || !/^[A-Za-z_$][\w$]*$/.test(root)) {
    return `${where}: declare a type of your own for what you send in place of \`${root}\` (an interface with the fields you need), or use a narrower type.`;
  }
  const key = /^[A-Za-z_$][\w$]*$/.test(property) ? property : JSON.stringify(property);
  const example = `type My${root} = Omit<${root}, ${JSON.stringify(property)}> & { ${key}: … }`;
  return `${where}: declare a type of your own for what you send in place of \`${root}\` (e.g. \`${example}\` with a type that can be sent), or use a narrower type.`;
}

/** The property name of a path step (`.inner`, `["content-type"]`), if it is one. */
function propertyName(step: string): string | undefined {
  if (step.startsWith(".")) return step.slice(1);
  if (!step.startsWith('["')) return undefined;
  const parsed: unknown = JSON.parse(step.slice(1, -1));
  return typeof parsed === "string" ? parsed : undefined;
}
