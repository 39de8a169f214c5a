import type { Method, Param, Service, TypeNode } from "../ir/schema.js";
import type { EmitContext, PendingFunction } from "./context.js";
import { emitUnionBody, needsUnionFunction } from "./decode-union.js";
import { DecoderWriter, type Site } from "./decoders.js";
import { printEncoder } from "./encoders.js";
import type { ErrorEmitter } from "./errors.js";
import { capitalize, propertyKey, sanitize } from "./names.js";
import { PathExpr } from "./path-expr.js";
import type { CodePrinter } from "./printer.js";
import { stringLiteral } from "./printer.js";

/** The functions a service's descriptor refers to that are not a named type's own. */
export interface MessageFunctions {
  readonly decoders: PendingFunction[];
  readonly encoders: PendingFunction[];
  /** The one decoder shared by every `Promise<void>` response, once some method needs it. */
  voidDecoder: string | undefined;
  /** Declared errors' types, tables and guards. */
  readonly errors: ErrorEmitter;
}

/**
 * Prints one service: its descriptor, client and handler types, and client factory. The
 * descriptor's decoders and encoders for messages that are not simply a named type are queued
 * in `functions`, to be printed with the other decoders.
 */
export function printService(
  ctx: EmitContext,
  out: CodePrinter,
  service: Service,
  functions: MessageFunctions,
): void {
  const iface = ctx.names.isTaken(service.name)
    ? ctx.names.module(service.name)
    : ctx.names.claim(service.name);
  ctx.imports.type(service.name, service.importFrom, iface === service.name ? undefined : iface);
  const def = ctx.names.claim(`${service.name}Def`);
  const client = ctx.names.claim(`${service.name}Client`);
  const handlers = ctx.names.claim(`${service.name}Handlers`);
  const factory = ctx.names.claim(`create${capitalize(service.name)}Client`);
  const declares = functions.errors.declares(service);
  const errors = declares
    ? functions.errors.printTypes(out, service, `${service.name}Errors`)
    : undefined;
  const typeArgs = errors === undefined ? iface : `${iface}, ${errors}`;

  const methods = () => {
    for (const method of service.methods) {
      out.doc(method.doc);
      const entry = () => printMethod(ctx, out, service, method, functions);
      out.block(`${propertyKey(method.name)}:`, entry, "},");
    }
  };
  const descriptor = () => {
    out.line(`name: ${stringLiteral(service.name)},`);
    out.block("methods:", methods, "},");
  };
  out.blank();
  out.doc(service.doc ?? `The ${service.name} service: method names, kinds and codecs.`);
  const type = `${ctx.rtType("ServiceDescriptor")}<${typeArgs}>`;
  out.block(`export const ${def}: ${type} =`, descriptor, "};");
  out.blank();
  out.doc(
    `A typed client of ${service.name}: each method takes the interface's parameters plus optional call options.`,
  );
  out.line(`export type ${client} = ${ctx.rtType("ClientOf")}<${iface}>;`);
  out.blank();
  out.doc(
    `What an implementation of ${service.name} provides: each method gets its parameters plus a CallContext.`,
  );
  out.line(`export type ${handlers} = ${ctx.rtType("HandlersOf")}<${typeArgs}>;`);
  out.blank();
  out.doc(`Creates a client of ${service.name} over any transport.`);
  const params = `transport: ${ctx.rtType("ClientTransport")}, options?: ${ctx.rtType("ClientOptions")}`;
  out.block(`export function ${factory}(${params}): ${client}`, () => {
    out.line(`return ${ctx.rt("createClient")}(${def}, transport, options);`);
  });
  if (declares) functions.errors.printGuards(out, service, def);
}

function printMethod(
  ctx: EmitContext,
  out: CodePrinter,
  service: Service,
  method: Method,
  functions: MessageFunctions,
): void {
  out.line(`name: ${stringLiteral(method.name)},`);
  out.line(`kind: ${stringLiteral(method.kind)},`);
  out.line(`params: [${method.params.map((param) => stringLiteral(param.name)).join(", ")}],`);
  const hint = `${service.name}_${method.name}`;
  const [single] = method.params;
  const request: Message =
    method.params.length === 1 && single !== undefined
      ? { node: single.type, path: PathExpr.literal(single.name), optional: single.optional }
      : { node: paramsObject(method.params), path: PathExpr.root("request"), optional: false };
  const response: Message = {
    node: method.response,
    path: PathExpr.literal("response"),
    optional: false,
  };
  const decodeRequest = messageDecoder(ctx, request, `${hint}_request`, functions);
  const decodeResponse = messageDecoder(ctx, response, `${hint}_response`, functions);
  const encodeRequest = messageEncoder(ctx, request.node, `${hint}_request`, functions);
  const encodeResponse = messageEncoder(ctx, response.node, `${hint}_response`, functions);
  if (decodeRequest !== undefined) out.line(`decodeRequest: ${decodeRequest},`);
  if (decodeResponse !== undefined) out.line(`decodeResponse: ${decodeResponse},`);
  if (encodeRequest !== undefined) out.line(`encodeRequest: ${encodeRequest},`);
  if (encodeResponse !== undefined) out.line(`encodeResponse: ${encodeResponse},`);
  functions.errors.printTable(out, method, functions.decoders, functions.encoders);
}

/** One message of a method: its type, the path its errors start with, and if it may be absent. */
interface Message {
  readonly node: TypeNode;
  readonly path: PathExpr;
  readonly optional: boolean;
}

/** The object a request with zero or several parameters travels as. */
function paramsObject(params: readonly Param[]): TypeNode {
  return {
    kind: "object",
    properties: params.map((param) => ({
      name: param.name,
      type: param.type,
      optional: param.optional,
      readonly: false,
    })),
  };
}

/**
 * The descriptor's decoder for a message: an arrow calling a named type's decoder, a function
 * of its own when the message is anything else, or undefined when every value passes.
 */
function messageDecoder(
  ctx: EmitContext,
  message: Message,
  hint: string,
  functions: MessageFunctions,
): string | undefined {
  const { node, optional } = message;
  const { facts } = ctx;
  if (node.kind === "unknown") return undefined;
  const nullToUndefined = (optional || facts.allowsUndefined(node)) && !facts.allowsNull(node);
  if (node.kind === "ref" && !nullToUndefined && !optional) {
    return `(value) => ${ctx.decoderOf(node.id)}(value, ${message.path})`;
  }
  const isVoid = node.kind === "undefined" && !optional;
  if (isVoid && functions.voidDecoder !== undefined) return functions.voidDecoder;
  const name = ctx.names.module(isVoid ? "decodeVoid" : `decode${capitalize(sanitize(hint))}`);
  if (isVoid) functions.voidDecoder = name;
  functions.decoders.push({
    name,
    print: (out) => {
      const writer = new DecoderWriter(ctx, ctx.names.scope());
      const site: Site = { read: "value", path: message.path, hint };
      if (nullToUndefined) writer.out.line("if (value === null) return undefined;");
      if (optional) writer.out.line("if (value === undefined) return value;");
      if (node.kind === "union" && needsUnionFunction(ctx, node)) {
        emitUnionBody(writer, node, site);
      } else {
        writer.out.line(`return ${writer.decode(node, site) ?? "value"};`);
      }
      out.blank();
      out.lines(writer.constants);
      out.doc(
        isVoid
          ? "The response of a method returning `Promise<void>`: nothing, sent as null or undefined."
          : undefined,
      );
      out.block(`function ${name}(value: unknown): unknown`, () =>
        out.lines(writer.out.rawLines()),
      );
      return writer.lifted;
    },
  });
  return name;
}

/** The descriptor's encoder for a message, or undefined when it holds no Map or Set. */
function messageEncoder(
  ctx: EmitContext,
  node: TypeNode,
  hint: string,
  functions: MessageFunctions,
): string | undefined {
  if (!ctx.facts.needsEncoding(node)) return undefined;
  if (node.kind === "ref") return ctx.encoderOf(node.id);
  const name = ctx.names.module(`encode${capitalize(sanitize(hint))}`);
  functions.encoders.push({ name, print: (out) => printEncoder(ctx, out, name, node, hint) });
  return name;
}
