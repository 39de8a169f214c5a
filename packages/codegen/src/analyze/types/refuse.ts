import ts from "typescript";
import type { TypeNode } from "../../ir/schema.js";
import type { DiagnosticCode } from "../codes.js";
import { type Context, refusedType, type Site } from "./context.js";
import { quote, written } from "./nodes.js";

/** Why a type is refused and what to write instead: both end up in the message. */
export interface Refusal {
  readonly code: DiagnosticCode;
  /** Completes "`<type>` ...", e.g. "is a function: functions cannot be sent over the wire". */
  readonly why: string;
  /** A full sentence, e.g. "Write the data the function would compute instead." */
  readonly instead: string;
}

/**
 * Reports a refused type at the site's anchor and returns a stand-in so the walk goes on: one
 * run reports every problem. The message quotes the type as written; when that is not the
 * offending type itself (a generic `T`, a property of a package's type), the resolved type is
 * quoted too.
 */
export function refuse(ctx: Context, type: ts.Type, site: Site, refusal: Refusal): TypeNode {
  const text = written(site.anchor);
  const resolved = ctx.checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTypeReduction);
  const shown =
    site.node !== undefined || resolved === text
      ? quote(text)
      : `${quote(text)} (here ${quote(resolved)})`;
  ctx.sink.atNode(site.anchor, refusal.code, `${shown} ${refusal.why}. ${refusal.instead}`);
  return refusedType;
}
