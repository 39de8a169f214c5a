import type { Method, MethodKind, Param, TypeNode } from "../ir/schema.js";
import ts from "../typescript.cjs";
import { DiagnosticCode } from "./codes.js";
import { docOf } from "./jsdoc.js";
import type { Context } from "./types/context.js";
import { flatten, isUserNode, siteOf, typeArgumentNodes, written } from "./types/nodes.js";
import { rootTrail } from "./types/trail.js";
import { isLibSymbol } from "./types/visit-named.js";
import { visitWithoutUndefined } from "./types/visit-union.js";

/** Return types that make a server stream; a client stream parameter must be `AsyncIterable`. */
const streamResults = new Set(["AsyncIterable", "AsyncIterableIterator", "AsyncGenerator"]);

/** The method kind by whether the parameter, then the result, is a stream. */
const kinds: Readonly<Record<`${boolean}/${boolean}`, MethodKind>> = {
  "false/false": "unary",
  "false/true": "server_stream",
  "true/false": "client_stream",
  "true/true": "bidi",
};

/**
 * One service method. The four shapes:
 * - `(a: A, b?: B) => Promise<R>`: unary (any number of parameters, optional ones last);
 * - `(a: A) => AsyncIterable<R>`: server stream;
 * - `(s: AsyncIterable<A>) => Promise<R>`: client stream, with exactly one parameter;
 * - `(s: AsyncIterable<A>) => AsyncIterable<R>`: bidi.
 * `Promise<void>` is a response of `{kind: "undefined"}`. Returns undefined (after reporting)
 * when the shape is not one of these; the types inside are still walked so every problem in
 * the file is reported in one run.
 */
export function analyzeMethod(ctx: Context, service: string, prop: ts.Symbol): Method | undefined {
  const declaration = prop.valueDeclaration ?? prop.declarations?.[0];
  if (declaration === undefined) return undefined;
  const at =
    (isUserNode(ctx, declaration) ? ts.getNameOfDeclaration(declaration) : undefined) ??
    declaration;
  const label = `${service}.${prop.name}`;
  const report = (node: ts.Node, code: string, message: string) =>
    ctx.sink.atNode(isUserNode(ctx, node) ? node : at, code, message);
  let ok = true;
  if (prop.flags & ts.SymbolFlags.Optional) {
    report(
      at,
      DiagnosticCode.optionalMethod,
      `\`${prop.name}?\` is optional, but every method of service ${service} must be implemented by the server. Remove the \`?\`, or move the method to another service.`,
    );
    ok = false;
  }
  if (prop.name === "then" || prop.name === "constructor" || prop.name === "__proto__") {
    // A client with a `then` method is a thenable: `await`ing the client would call it.
    // The other two would shadow the client object's own machinery.
    report(
      at,
      DiagnosticCode.reservedMethodName,
      `\`${prop.name}\` cannot name a method of service ${service}: a client object with that member would be mistaken for ${prop.name === "then" ? "a promise (await would call it)" : "a built-in of every object"}. Choose another name.`,
    );
    ok = false;
  }
  const type = ctx.checker.getNonNullableType(ctx.checker.getTypeOfSymbol(prop));
  const signatures = ctx.checker.getSignaturesOfType(type, ts.SignatureKind.Call);
  const [signature] = signatures;
  if (signature === undefined) return undefined;
  if (signatures.length > 1) {
    report(
      at,
      DiagnosticCode.overloadedMethod,
      `${label} has ${signatures.length} overloads, but a method is called by name with one signature. Give each overload its own method name.`,
    );
    ok = false;
  }
  const sigDeclaration = signature.getDeclaration() as ts.SignatureDeclaration | undefined;
  if (signature.typeParameters !== undefined && signature.typeParameters.length > 0) {
    const node = sigDeclaration?.typeParameters?.[0] ?? at;
    report(
      node,
      DiagnosticCode.genericMethod,
      `${label} has type parameters (\`<${sigDeclaration?.typeParameters?.map((p) => p.getText()).join(", ") ?? ""}>\`), but validators are generated for concrete types. Write the method with concrete types, or declare a generic interface and a service that instantiates it (\`interface RouteStore extends Store<Route> {}\`).`,
    );
    // Its parameter and result types mention the type parameters: walking them would only
    // repeat the problem once per use.
    return undefined;
  }
  const result = analyzeResult(ctx, label, signature, sigDeclaration?.type, at);
  const params = analyzeParams(ctx, label, signature, at);
  if (!ok || result === undefined || params === undefined) return undefined;
  const kind = kinds[`${params.stream}/${result.stream}`];
  const doc = docOf(prop, ctx.checker);
  const head = { name: prop.name, kind };
  const tail = { params: params.list, response: result.type };
  return doc === undefined ? { ...head, ...tail } : { ...head, doc, ...tail };
}

function analyzeResult(
  ctx: Context,
  label: string,
  signature: ts.Signature,
  node: ts.TypeNode | undefined,
  at: ts.Node,
): { type: TypeNode; stream: boolean } | undefined {
  const responseCtx: Context = { ...ctx, mode: "response", trail: rootTrail(`${label}()`) };
  const returned = ctx.checker.getReturnTypeOfSignature(signature);
  const name = isLibSymbol(ctx, returned.symbol) ? returned.symbol.name : "";
  const [item] = name === "" ? [] : ctx.checker.getTypeArguments(returned as ts.TypeReference);
  const anchor = node !== undefined && isUserNode(ctx, node) ? node : at;
  if (item !== undefined && (name === "Promise" || streamResults.has(name))) {
    const stream = name !== "Promise";
    if (
      !stream &&
      flatten(item).every((t) => t.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined))
    ) {
      return { type: { kind: "undefined" }, stream };
    }
    const site = siteOf(ctx, item, typeArgumentNodes(node)[0], anchor);
    const type = ctx.reach.method(ctx.registry.id, label, "response", () =>
      ctx.visit(responseCtx, item, site),
    );
    return { type, stream };
  }
  const text = node !== undefined ? written(node) : ctx.checker.typeToString(returned);
  const element = syncIterableItem(ctx, returned);
  const instead =
    element === undefined
      ? `Write \`Promise<${text}>\``
      : `Write \`AsyncIterable<${element}>\` for a stream, or \`Promise<${element}[]>\` for one list`;
  ctx.sink.atNode(
    anchor,
    DiagnosticCode.unsupportedReturn,
    `\`${text}\` is the return type of ${label}, but a method must return \`Promise<T>\` (one response) or \`AsyncIterable<T>\` (a stream of responses): calls cross the network, so results arrive asynchronously. ${instead}.`,
  );
  return undefined;
}

interface Params {
  readonly list: Param[];
  readonly stream: boolean;
}

function analyzeParams(
  ctx: Context,
  label: string,
  signature: ts.Signature,
  at: ts.Node,
): Params | undefined {
  const list: Param[] = [];
  let ok = true;
  let streams = 0;
  let firstOptional: ts.ParameterDeclaration | undefined;
  const count = signature.parameters.length;
  signature.parameters.forEach((symbol, i) => {
    const declaration = symbol.valueDeclaration;
    if (declaration === undefined || !ts.isParameter(declaration)) return;
    const anchor = isUserNode(ctx, declaration) ? declaration : at;
    const report = (code: string, message: string) => {
      ctx.sink.atNode(anchor, code, `\`${written(declaration)}\` ${message}`);
      ok = false;
    };
    const name = ts.isIdentifier(declaration.name) ? declaration.name.text : `arg${i}`;
    const requestCtx: Context = { ...ctx, mode: "request", trail: rootTrail(`${label}(${name})`) };
    const walk = (visit: () => TypeNode) =>
      ctx.reach.method(ctx.registry.id, label, "request", visit);
    const optional =
      declaration.questionToken !== undefined || declaration.initializer !== undefined;
    if (declaration.dotDotDotToken !== undefined) {
      report(
        DiagnosticCode.restParameter,
        `is a rest parameter of ${label}: parameters travel as a fixed list. Write an array parameter instead (\`${name}: ${declaration.type === undefined ? "T[]" : written(declaration.type)}\`).`,
      );
    }
    if (optional) firstOptional ??= declaration;
    else if (firstOptional !== undefined && declaration.dotDotDotToken === undefined) {
      ctx.sink.atNode(
        isUserNode(ctx, firstOptional) ? firstOptional : at,
        DiagnosticCode.optionalParameterOrder,
        `\`${written(firstOptional)}\` is optional but \`${name}\` after it is required (${label}): only trailing parameters can be left out. Move the optional parameters to the end, or make \`${name}\` optional too.`,
      );
      ok = false;
    }
    const type = ctx.checker.getTypeOfSymbol(symbol);
    const stream = streamItem(ctx, optional ? ctx.checker.getNonNullableType(type) : type);
    if (stream !== undefined) {
      streams++;
      if (stream.name !== "AsyncIterable") {
        report(
          DiagnosticCode.streamParameter,
          `is a client stream of type \`${stream.name}\` in ${label}: the server receives an \`AsyncIterable\`. Write \`AsyncIterable<T>\`.`,
        );
      }
      if (count !== 1) {
        report(
          DiagnosticCode.streamParameter,
          `is a stream parameter of ${label}, which has ${count} parameters: a client-streaming method takes exactly one, the stream. Move the other arguments into the stream's items (e.g. a first "header" item) or into call metadata.`,
        );
      }
      if (optional) {
        report(
          DiagnosticCode.streamParameter,
          `is an optional stream in ${label}: a client stream is always present (it may be empty). Remove the \`?\`.`,
        );
      }
      const node = typeArgumentNodes(declaration.type)[0];
      list.push({
        name,
        type: walk(() =>
          ctx.visit(requestCtx, stream.item, siteOf(ctx, stream.item, node, anchor)),
        ),
        optional: false,
      });
      return;
    }
    const visited = walk(() =>
      optional
        ? visitWithoutUndefined(requestCtx, type, declaration.type, anchor)
        : ctx.visit(requestCtx, type, siteOf(ctx, type, declaration.type, anchor)),
    );
    list.push({ name, type: visited, optional });
  });
  return ok ? { list, stream: streams > 0 } : undefined;
}

/** The item type, as text, of a synchronous iterable from the standard library. */
function syncIterableItem(ctx: Context, type: ts.Type): string | undefined {
  const name = type.symbol?.name;
  if (name === undefined || !syncIterables.has(name) || !isLibSymbol(ctx, type.symbol))
    return undefined;
  const [item] = ctx.checker.getTypeArguments(type as ts.TypeReference);
  return item === undefined ? undefined : ctx.checker.typeToString(item);
}

const syncIterables = new Set(["Iterable", "IterableIterator", "Generator", "Iterator"]);

/** The item type of a stream type from the standard library, and which one it is. */
function streamItem(ctx: Context, type: ts.Type): { item: ts.Type; name: string } | undefined {
  const name = type.symbol?.name;
  if (name === undefined || !streamResults.has(name) || !isLibSymbol(ctx, type.symbol))
    return undefined;
  const [item] = ctx.checker.getTypeArguments(type as ts.TypeReference);
  return item === undefined ? undefined : { item, name };
}
