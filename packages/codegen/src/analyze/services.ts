import { type Method, type Schema, type Service, schemaVersion } from "../ir/schema.js";
import ts from "../typescript.cjs";
import { compareStrings, type DiagnosticSink } from "./diagnostics.js";
import { DeclaredErrors } from "./errors.js";
import { docOf } from "./jsdoc.js";
import { analyzeMethod } from "./methods.js";
import { assignIds, namedTypes, renameRefs } from "./naming.js";
import { importSpecifier, relativePath } from "./paths.js";
import type { Reach } from "./reach.js";
import type { Context } from "./types/context.js";
import { NamedRegistry } from "./types/registry.js";
import { createContext } from "./types/visit-type.js";

interface Inputs {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  readonly sink: DiagnosticSink;
  readonly reach: Reach;
  readonly outDir: string;
  readonly cwd: string;
}

/**
 * The schema of one IDL file: its services and the named types they reach. `index` tells the
 * file's named types apart from those of other files analyzed in the same run.
 */
export function analyzeFile(inputs: Inputs, file: ts.SourceFile, index: number): Schema {
  const registry = new NamedRegistry(index);
  const ctx = createContext({ ...inputs, registry, mode: "request" });
  const declared = new DeclaredErrors();
  const services = findServices(inputs.checker, file).map((s) =>
    analyzeService(ctx, file, s, declared),
  );
  const entries = registry.entries();
  const ids = assignIds(entries);
  const idOf = (key: string) => ids.get(key) ?? key;
  const errors = declared.errors();
  const schema: Schema = {
    schemaVersion,
    source: relativePath(inputs.outDir, file.fileName),
    types: namedTypes(entries, ids),
    services: services.map((s) => ({
      ...s,
      methods: s.methods.map(
        (m): Method => ({
          ...m,
          params: m.params.map((p) => ({ ...p, type: renameRefs(p.type, idOf) })),
          response: renameRefs(m.response, idOf),
        }),
      ),
    })),
  };
  if (errors === undefined) return schema;
  const renamed = Object.values(errors).map((e) => [
    e.name,
    { ...e, details: renameRefs(e.details, idOf) },
  ]);
  return { ...schema, errors: Object.fromEntries(renamed) };
}

interface FoundService {
  /** The exported name, which the generated module imports. */
  readonly name: string;
  readonly symbol: ts.Symbol;
  readonly type: ts.InterfaceType;
}

/**
 * The rule for what is a service: an interface exported from the IDL file (declared there or
 * re-exported) whose members are all methods, that is method signatures or properties of a
 * function type, with at least one member. No marker is needed: a data interface has at least
 * one non-function property, and an interface mixing the two is a data type (if it is used,
 * its function members are reported). Generic interfaces are skipped (a service needs concrete
 * types; `interface RouteStore extends Store<Route> {}` is a service), and so is a default
 * export (the generated code imports services by name). Services come in source order.
 */
export function findServices(checker: ts.TypeChecker, file: ts.SourceFile): FoundService[] {
  const module = checker.getSymbolAtLocation(file);
  if (module === undefined) return [];
  const found: { service: FoundService; order: [number, string, number] }[] = [];
  for (const exported of checker.getExportsOfModule(module)) {
    if (exported.name === "default") continue;
    const symbol =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (!(symbol.flags & ts.SymbolFlags.Interface)) continue;
    const type = checker.getDeclaredTypeOfSymbol(symbol) as ts.InterfaceType;
    if (!isServiceType(checker, type)) continue;
    found.push({ service: { name: exported.name, symbol, type }, order: position(exported, file) });
  }
  found.sort(
    (a, b) =>
      a.order[0] - b.order[0] || compareStrings(a.order[1], b.order[1]) || a.order[2] - b.order[2],
  );
  return found.map((f) => f.service);
}

function isServiceType(checker: ts.TypeChecker, type: ts.InterfaceType): boolean {
  if ((type.typeParameters?.length ?? 0) > 0) return false;
  if (checker.getSignaturesOfType(type, ts.SignatureKind.Call).length > 0) return false;
  if (checker.getSignaturesOfType(type, ts.SignatureKind.Construct).length > 0) return false;
  if (checker.getIndexInfosOfType(type).length > 0) return false;
  const members = checker.getPropertiesOfType(type);
  return members.length > 0 && members.every((m) => isMethodLike(checker, m));
}

function isMethodLike(checker: ts.TypeChecker, member: ts.Symbol): boolean {
  if (member.declarations?.some(ts.isMethodSignature)) return true;
  const type = checker.getNonNullableType(checker.getTypeOfSymbol(member));
  return checker.getSignaturesOfType(type, ts.SignatureKind.Call).length > 0;
}

/** Exports declared in this file first, by position; re-exports from `export *` after. */
function position(exported: ts.Symbol, file: ts.SourceFile): [number, string, number] {
  const declaration = exported.declarations?.[0];
  if (declaration === undefined) return [2, "", 0];
  const source = declaration.getSourceFile();
  return source === file ? [0, "", declaration.pos] : [1, source.fileName, declaration.pos];
}

function analyzeService(
  ctx: Context,
  file: ts.SourceFile,
  found: FoundService,
  declared: DeclaredErrors,
): Service {
  const methods = ctx.checker.getPropertiesOfType(found.type).flatMap((member) => {
    const method = analyzeMethod(ctx, found.name, member);
    const errors = declared.ofMethod(ctx, `${found.name}.${member.name}`, member);
    if (method === undefined) return [];
    return errors.length === 0 ? [method] : [{ ...method, errors }];
  });
  const doc = docOf(found.symbol, ctx.checker);
  const head = { name: found.name, importFrom: importSpecifier(ctx.outDir, file.fileName) };
  return doc === undefined ? { ...head, methods } : { ...head, doc, methods };
}
