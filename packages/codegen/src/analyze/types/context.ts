import type ts from "typescript";
import type { TypeNode } from "../../ir/schema.js";
import type { DiagnosticSink } from "../diagnostics.js";
import type { Reach } from "../reach.js";
import type { NamedRegistry } from "./registry.js";
import type { Trail } from "./trail.js";

/**
 * Which side of a call a type travels on. It only changes one rule: `unknown`/`any` are refused
 * in requests (the server could not validate what it is handed) and allowed in responses.
 */
export type Mode = "request" | "response";

/**
 * Where a type was found. TypeScript's checker flattens and re-creates types (an optional
 * `Shape | undefined` loses the alias `Shape`, `type UserId = string` is just `string`), so the
 * visitors walk the checker's type and the node the user wrote side by side.
 */
export interface Site {
  /** The type node as written, only when it denotes exactly the visited type. */
  readonly node: ts.TypeNode | undefined;
  /** Where a problem with this type is reported: the nearest node in the user's own files. */
  readonly anchor: ts.Node;
}

/** Shared by every visitor while one IDL file is analyzed. */
export interface Context {
  readonly checker: ts.TypeChecker;
  readonly program: ts.Program;
  readonly sink: DiagnosticSink;
  readonly registry: NamedRegistry;
  readonly mode: Mode;
  /** The output directory: `declaredIn` paths are relative to it. */
  readonly outDir: string;
  /** The working directory: paths quoted in messages are relative to it, as diagnostics are. */
  readonly cwd: string;
  /** Mutable nesting depth, to stop runaway expansion of generic types. */
  readonly depth: { value: number };
  /** Where the walk is (`Outer.inner.range`), for messages; see trail.ts. */
  readonly trail: Trail;
  /** Which methods reach which problems, so each is reported once with all of them. */
  readonly reach: Reach;
  /**
   * True while a type is walked only to spell a generic's id (`Page<Route>`): its problems
   * matter only where the generic's body uses it, and are reported there.
   */
  readonly silent: boolean;
  /**
   * Visits any type. Passed around instead of imported so the per-kind visitors do not import
   * each other in a cycle. `skipKey` is the named type whose body is being visited: it must not
   * turn into a reference to itself.
   */
  visit(ctx: Context, type: ts.Type, site: Site, skipKey?: string): TypeNode;
}

/** A stand-in for a refused type, so the walk can go on and report every other problem. */
export const refusedType: TypeNode = { kind: "unknown" };
