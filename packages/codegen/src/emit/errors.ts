import type { ErrorType, Method, Service, TypeNode } from "../ir/schema.js";
import type { EmitContext, PendingFunction } from "./context.js";
import { printDecoder } from "./decoders.js";
import { printEncoder } from "./encoders.js";
import { capitalize, propertyKey, sanitize } from "./names.js";
import type { CodePrinter } from "./printer.js";
import { stringLiteral } from "./printer.js";

/**
 * The code of declared errors (`@throws {OutOfArea}` in the IDL): per error a `DeclaredError`
 * alias, per service an interface mapping each method to the union of its errors, in each
 * method's descriptor an `errors` table with the details' decoder and encoder, and the guard
 * object. A service whose methods declare no error gets none of it.
 */
export class ErrorEmitter {
  readonly #ctx: EmitContext;
  readonly #errors: Readonly<Record<string, ErrorType>>;
  /** The alias of each error already printed, by error name. */
  readonly #aliases = new Map<string, string>();
  /** The descriptor entry's functions of each error, made once per module. */
  readonly #codecs = new Map<string, { decode: string; encode: string | undefined }>();

  constructor(ctx: EmitContext, errors: Readonly<Record<string, ErrorType>> | undefined) {
    this.#ctx = ctx;
    this.#errors = errors ?? {};
  }

  /** True when some method of `service` declares an error. */
  declares(service: Service): boolean {
    return service.methods.some((method) => (method.errors?.length ?? 0) > 0);
  }

  /**
   * Prints the aliases of the errors `service` declares (those not printed for an earlier
   * service) and the `<Service>Errors` interface; returns the interface's name.
   */
  printTypes(out: CodePrinter, service: Service, name: string): string {
    const ctx = this.#ctx;
    for (const method of service.methods) {
      for (const error of method.errors ?? []) {
        if (this.#aliases.has(error)) continue;
        const type = this.#error(error);
        const alias = ctx.names.module(`${sanitize(error)}Error`);
        this.#aliases.set(error, alias);
        const iface = ctx.names.isTaken(error) ? ctx.names.module(error) : ctx.names.claim(error);
        ctx.imports.type(
          error,
          importSpecifier(type.declaredIn),
          iface === error ? undefined : iface,
        );
        const args = [stringLiteral(error), stringLiteral(type.code), `Omit<${iface}, "code">`];
        out.blank();
        out.doc(type.doc ?? `The ${error} error a method can declare, code \`${type.code}\`.`);
        out.line(`export type ${alias} = ${ctx.rtType("DeclaredError")}<${args.join(", ")}>;`);
      }
    }
    const errors = ctx.names.claim(name);
    out.blank();
    out.doc(`The errors each method of ${service.name} declares with \`@throws\`.`);
    out.block(`export interface ${errors}`, () => {
      for (const method of service.methods) {
        if (method.errors === undefined || method.errors.length === 0) continue;
        const union = method.errors.map((error) => this.#aliases.get(error)).join(" | ");
        out.line(`${propertyKey(method.name)}: ${union};`);
      }
    });
    return errors;
  }

  /** The `errors` table of a method's descriptor, when the method declares errors. */
  printTable(
    out: CodePrinter,
    method: Method,
    decoders: PendingFunction[],
    encoders: PendingFunction[],
  ): void {
    if (method.errors === undefined || method.errors.length === 0) return;
    out.block(
      "errors:",
      () => {
        for (const error of method.errors ?? []) {
          const { decode, encode } = this.#codecsOf(error, decoders, encoders);
          out.block(
            `${propertyKey(error)}:`,
            () => {
              out.line(`code: ${stringLiteral(this.#error(error).code)},`);
              out.line(`decodeDetails: ${decode},`);
              if (encode !== undefined) out.line(`encodeDetails: ${encode},`);
            },
            "},",
          );
        }
      },
      "},",
    );
  }

  /** `export const is<Service>Error = errorGuards(<Service>Def);` */
  printGuards(out: CodePrinter, service: Service, def: string): void {
    const ctx = this.#ctx;
    const guards = ctx.names.claim(`is${capitalize(service.name)}Error`);
    out.blank();
    out.doc(
      `Type guards for declared errors: \`${guards}.${firstErrored(service)}(error)\` narrows a caught error to that method's.`,
    );
    out.line(`export const ${guards} = ${ctx.rt("errorGuards")}(${def});`);
  }

  #error(name: string): ErrorType {
    const type = Object.hasOwn(this.#errors, name) ? this.#errors[name] : undefined;
    if (type === undefined) throw new Error(`rpcgen emit: the schema has no error named ${name}`);
    return type;
  }

  /**
   * The details' decoder as the descriptor calls it, and its encoder when the details hold a
   * Map or Set. Details equal to a named type, or to another error's, share its function.
   * Details without a required property may be left out by the peer: they decode as `{}`.
   */
  #codecsOf(
    name: string,
    decoders: PendingFunction[],
    encoders: PendingFunction[],
  ): { decode: string; encode: string | undefined } {
    const known = this.#codecs.get(name);
    if (known !== undefined) return known;
    const ctx = this.#ctx;
    const details = this.#error(name).details;
    const hint = `${name}Details`;
    const doc = `The details of the ${name} error.`;
    let fn: string;
    const shared = ctx.sharedObjectDecoder(details, hint, false);
    if (shared !== undefined) {
      fn = shared.name;
      if (shared.first) {
        decoders.push({ name: fn, print: (out) => printDecoder(ctx, out, fn, details, hint, doc) });
      }
    } else {
      fn = ctx.names.module(`decode${capitalize(sanitize(hint))}`);
      decoders.push({ name: fn, print: (out) => printDecoder(ctx, out, fn, details, hint, doc) });
    }
    const value = hasRequired(details) ? "value" : "value ?? {}";
    const decode = `(value) => ${fn}(${value}, "details")`;
    let encode: string | undefined;
    if (ctx.facts.needsEncoding(details)) {
      const encoder = ctx.names.module(`encode${capitalize(sanitize(hint))}`);
      encoders.push({
        name: encoder,
        print: (out) => printEncoder(ctx, out, encoder, details, hint, doc),
      });
      encode = encoder;
    }
    const codecs = { decode, encode };
    this.#codecs.set(name, codecs);
    return codecs;
  }
}

function hasRequired(details: TypeNode): boolean {
  return details.kind !== "object" || details.properties.some((property) => !property.optional);
}

function firstErrored(service: Service): string {
  return service.methods.find((method) => (method.errors?.length ?? 0) > 0)?.name ?? "";
}

/**
 * How the generated module imports an error interface: `declaredIn` is relative to the output
 * directory (`../services/path.ts`, imported as `../services/path.js`) or a package name.
 */
function importSpecifier(declaredIn: string): string {
  if (!declaredIn.startsWith("./") && !declaredIn.startsWith("../")) return declaredIn;
  const match = /(\.d)?\.([mc]?)tsx?$/.exec(declaredIn);
  if (match === null) return declaredIn;
  return `${declaredIn.slice(0, match.index)}.${match[2] ?? ""}js`;
}
