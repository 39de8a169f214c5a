import { RpcCode } from "@rpcgen/runtime";
import type { ErrorType, TypeNode } from "../ir/schema.js";
import ts from "../typescript.cjs";
import { DiagnosticCode } from "./codes.js";
import { compareStrings } from "./diagnostics.js";
import { docOf } from "./jsdoc.js";
import { packageNameOf, relativePath } from "./paths.js";
import type { Context } from "./types/context.js";
import { isUserNode, quote, unwrap, written } from "./types/nodes.js";
import { enterNamed } from "./types/trail.js";
import { visitObject } from "./types/visit-object.js";

const codes: ReadonlySet<string> = new Set(Object.values(RpcCode));
const codeList = Object.values(RpcCode).join(", ");

/** One error type met in a `@throws` tag, analyzed the first time it is met. */
interface Known {
  readonly symbol: ts.Symbol;
  /** Undefined when it was refused (reported once, where it was first met). */
  readonly error: ErrorType | undefined;
}

/**
 * The errors the methods of one IDL file declare. A method declares them in JSDoc:
 * `@throws {OutOfArea | Unreachable}` (several tags add up). Each name must resolve, in the IDL
 * file's scope, to an exported interface or object type without type parameters whose `code`
 * property is a string literal from the RpcCode set; its other properties are the error's
 * details, analyzed as a response (they travel from server to client). A `@throws` without a
 * `{type}` is prose and is left alone.
 */
export class DeclaredErrors {
  readonly #byName = new Map<string, Known>();

  /** The names of the errors `prop` declares, in tag order; every problem is reported. */
  ofMethod(ctx: Context, label: string, prop: ts.Symbol): string[] {
    const references = throwsReferences(ctx, prop);
    if (references.length === 0) return [];
    const names: string[] = [];
    // The method refers to each error it declares, so a problem inside an error type is
    // reported with every method declaring it.
    ctx.reach.method(ctx.registry.id, label, "response", () => {
      for (const reference of references) {
        const name = this.#resolve(ctx, label, reference);
        if (name === undefined) continue;
        ctx.reach.refer(ownerOf(ctx, name));
        if (this.#byName.get(name)?.error !== undefined && !names.includes(name)) names.push(name);
      }
    });
    return names;
  }

  /** The schema's `errors`: every error accepted, sorted by name; undefined when none. */
  errors(): Record<string, ErrorType> | undefined {
    const list = [...this.#byName.values()].flatMap((known) => known.error ?? []);
    if (list.length === 0) return undefined;
    list.sort((a, b) => compareStrings(a.name, b.name));
    return Object.fromEntries(list.map((error) => [error.name, error]));
  }

  /** The name of the error type `node` names, once it is known; undefined when unresolved. */
  #resolve(ctx: Context, label: string, node: ts.TypeNode): string | undefined {
    const report = (code: string, message: string) => ctx.sink.atNode(node, code, message);
    const tag = `\`@throws\` of ${label}`;
    if (!ts.isTypeReferenceNode(node) || node.typeArguments !== undefined) {
      report(
        DiagnosticCode.errorNotObject,
        `${quote(written(node))} in the ${tag} is not the name of an error type: each error is an interface, named in the tag (\`@throws {OutOfArea | Unreachable}\`). Declare \`interface MyError { code: "not_found"; ... }\` and name it.`,
      );
      return undefined;
    }
    const found = ctx.checker.getSymbolAtLocation(node.typeName);
    const symbol =
      found !== undefined && found.flags & ts.SymbolFlags.Alias
        ? ctx.checker.getAliasedSymbol(found)
        : found;
    const type = ctx.checker.getTypeFromTypeNode(node);
    const text = written(node);
    if (
      symbol === undefined ||
      symbol.declarations === undefined ||
      symbol.declarations.length === 0 ||
      (type.flags & ts.TypeFlags.Any && type !== ctx.checker.getAnyType())
    ) {
      report(
        DiagnosticCode.unresolvedError,
        `\`${text}\` in the ${tag} is not a type in scope of the IDL file. Declare the error interface there, or import it (\`import type { ${text} } from "./errors.js"\`).`,
      );
      return undefined;
    }
    const name = symbol.name;
    const known = this.#byName.get(name);
    if (known !== undefined) {
      if (known.symbol === symbol) return name;
      report(
        DiagnosticCode.duplicateErrorName,
        `\`${text}\` in the ${tag} is a second error type named ${name} (the other is declared at ${where(ctx, known.symbol)}): an error's name is its \`type\` on the wire, so it must be unique in the schema. Rename one of them.`,
      );
      return undefined;
    }
    const error = ctx.reach.within(ownerOf(ctx, name), () =>
      analyzeError(ctx, symbol, type, node, tag),
    );
    this.#byName.set(name, { symbol, error });
    return name;
  }
}

/** The type references named by the `@throws {...}` tags of a method, unions flattened. */
function throwsReferences(ctx: Context, prop: ts.Symbol): ts.TypeNode[] {
  const found: ts.TypeNode[] = [];
  for (const declaration of prop.declarations ?? []) {
    if (!isUserNode(ctx, declaration)) continue;
    for (const tag of ts.getJSDocTags(declaration)) {
      if (!ts.isJSDocThrowsTag(tag) || tag.typeExpression === undefined) continue;
      found.push(...unionParts(tag.typeExpression.type));
    }
  }
  return found;
}

function unionParts(node: ts.TypeNode): ts.TypeNode[] {
  const inner = unwrap(node) ?? node;
  return ts.isUnionTypeNode(inner) ? inner.types.flatMap(unionParts) : [inner];
}

/**
 * Checks one error type and analyzes its details; undefined (after reporting) when it is not
 * an exported object type with a valid `code`.
 */
function analyzeError(
  ctx: Context,
  symbol: ts.Symbol,
  type: ts.Type,
  node: ts.TypeNode,
  tag: string,
): ErrorType | undefined {
  const name = symbol.name;
  const declaration = symbol.declarations?.[0] as ts.Declaration;
  const isObject =
    symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias) &&
    type.flags & ts.TypeFlags.Object &&
    !ctx.checker.isArrayType(type) &&
    !ctx.checker.isTupleType(type) &&
    ctx.checker.getSignaturesOfType(type, ts.SignatureKind.Call).length === 0 &&
    !hasTypeParameters(declaration);
  if (!isObject) {
    ctx.sink.atNode(
      node,
      DiagnosticCode.errorNotObject,
      `\`${name}\` in the ${tag} is not an object type (it is \`${ctx.checker.typeToString(type)}\`): an error is an interface without type parameters whose \`code\` property names its RpcCode and whose other properties are its details. Declare \`interface ${name} { code: "not_found"; ... }\`.`,
    );
    return undefined;
  }
  const code = errorCode(ctx, symbol, type, node, tag);
  const exported = isExported(ctx, symbol, declaration);
  if (!exported) {
    ctx.sink.atNode(
      node,
      DiagnosticCode.errorNotExported,
      `\`${name}\` in the ${tag} is not exported from ${where(ctx, symbol)}: the generated code imports it to type the error's details. Add \`export\` to its declaration.`,
    );
  }
  const details = detailsOf(ctx, name, type, declaration);
  if (code === undefined || !exported) return undefined;
  const file = declaration.getSourceFile().fileName;
  const head = {
    name,
    code,
    declaredIn: packageNameOf(file) ?? relativePath(ctx.outDir, file),
  };
  const doc = docOf(symbol, ctx.checker);
  return doc === undefined ? { ...head, details } : { ...head, doc, details };
}

/** The `code` property's literal, when it is one of the RpcCode strings. */
function errorCode(
  ctx: Context,
  symbol: ts.Symbol,
  type: ts.Type,
  node: ts.TypeNode,
  tag: string,
): string | undefined {
  const property = ctx.checker.getPropertyOfType(type, "code");
  const declaration = property?.valueDeclaration ?? property?.declarations?.[0];
  const at = declaration !== undefined && isUserNode(ctx, declaration) ? declaration : node;
  const refuse = (why: string) => {
    ctx.sink.atNode(
      at,
      DiagnosticCode.errorCode,
      `${symbol.name} (in the ${tag}) ${why}: an error's \`code\` property is a string literal naming its RpcCode, one of ${codeList}. Write e.g. \`code: "not_found";\`.`,
    );
    return undefined;
  };
  if (property === undefined) return refuse("has no `code` property");
  if (property.flags & ts.SymbolFlags.Optional) return refuse("has an optional `code`");
  const codeType = ctx.checker.getTypeOfSymbol(property);
  if (!codeType.isStringLiteral()) {
    return refuse(`has \`code: ${ctx.checker.typeToString(codeType)}\`, not one string literal`);
  }
  if (!codes.has(codeType.value)) {
    return refuse(`has \`code: "${codeType.value}"\`, which is not an RpcCode`);
  }
  return codeType.value;
}

/** The error's properties but `code`, walked as a response, for the error's own name. */
function detailsOf(
  ctx: Context,
  name: string,
  type: ts.Type,
  declaration: ts.Declaration,
): TypeNode {
  const inner = enterNamed({ ...ctx, mode: "response" }, name, declaration);
  const anchor = ts.getNameOfDeclaration(declaration) ?? declaration;
  const walked = visitObject(inner, type, { node: undefined, anchor });
  if (walked.kind !== "object") return { kind: "object", properties: [] };
  const properties = walked.properties.filter((property) => property.name !== "code");
  return walked.additional === undefined
    ? { kind: "object", properties }
    : { kind: "object", properties, additional: walked.additional };
}

/** The owner the problems of an error type are found under (see {@link Context.reach}). */
function ownerOf(ctx: Context, name: string): string {
  return `${ctx.registry.id} error ${name}`;
}

function hasTypeParameters(declaration: ts.Declaration): boolean {
  return (
    (ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration)) &&
    (declaration.typeParameters?.length ?? 0) > 0
  );
}

/** Exported under its own name from the file declaring it, or declared in a package. */
function isExported(ctx: Context, symbol: ts.Symbol, declaration: ts.Declaration): boolean {
  const file = declaration.getSourceFile();
  if (!isUserNode(ctx, declaration)) return true;
  const module = ctx.checker.getSymbolAtLocation(file);
  if (module === undefined) return false;
  return ctx.checker.getExportsOfModule(module).some((exported) => {
    if (exported.name !== symbol.name) return false;
    const target =
      exported.flags & ts.SymbolFlags.Alias ? ctx.checker.getAliasedSymbol(exported) : exported;
    return target === symbol;
  });
}

/** `services/errors.ts:3:1`, where a symbol is declared, for messages. */
function where(ctx: Context, symbol: ts.Symbol): string {
  const declaration = symbol.declarations?.[0];
  if (declaration === undefined) return "another file";
  const file = declaration.getSourceFile();
  const { line, character } = file.getLineAndCharacterOfPosition(declaration.getStart(file));
  return `${relativePath(ctx.cwd, file.fileName).replace(/^\.\//, "")}:${line + 1}:${character + 1}`;
}
