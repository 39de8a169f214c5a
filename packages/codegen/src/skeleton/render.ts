import { basename, dirname, extname, join, relative, sep } from "node:path";
import { formatTypeScript } from "../emit/format/index.js";
import { ImportTracker } from "../emit/imports.js";
import { NameRegistry, propertyKey } from "../emit/names.js";
import { CodePrinter, oneLine, stringLiteral } from "../emit/printer.js";
import type { Method, Schema, Service } from "../ir/schema.js";

/** The analyzed IDL files a skeleton implements, each with the schema `generate` emits from. */
export interface SkeletonInput {
  /** Absolute path of the IDL file. */
  readonly file: string;
  readonly schema: Schema;
}

/** Where the skeleton goes and what it imports. */
export interface RenderSkeletonOptions {
  /** Absolute path of the generated modules' directory (`generate`'s `outDir`). */
  readonly genDir: string;
  /** Absolute path of the skeleton file. */
  readonly outFile: string;
  /** Written into the header. */
  readonly generatorVersion: string;
  /** Where the runtime is imported from; default `@rpcgen/runtime`. */
  readonly runtimeImport?: string;
}

/**
 * The source of a server skeleton: per service a `XxxHandlers` object whose every method
 * throws `unimplemented`, and a function building a server with all of them. Every method is
 * typed by the generated handler type, so an implementation written in its place is checked
 * against the interface. Formatted like generated modules; the same inputs give the same bytes.
 *
 * Names follow the emitter's: the generated module of `<name>.ts` is `<genDir>/<name>.ts` and
 * exports `<Service>Def` and `<Service>Handlers` for each service. Services must have distinct
 * names (one server routes by name).
 */
export function renderSkeleton(
  inputs: readonly SkeletonInput[],
  options: RenderSkeletonOptions,
): string {
  const runtime = options.runtimeImport ?? "@rpcgen/runtime";
  const here = dirname(options.outFile);
  const imports = new ImportTracker();
  const names = new NameRegistry();
  for (const name of ["createServer", "RpcCode", "RpcError"]) imports.value(name, runtime);
  for (const name of ["Server", "ServerOptions"]) imports.type(name, runtime);
  for (const name of ["createServer", "RpcCode", "RpcError", "Server", "ServerOptions"]) {
    names.claim(name);
  }
  const stems = inputs.map(({ file }) => basename(file, extname(file)));
  const services: { service: Service; def: string; handlers: string }[] = [];
  for (const [i, { schema }] of inputs.entries()) {
    const from = importPath(here, join(options.genDir, `${stems[i]}.js`));
    for (const service of schema.services) {
      const def = names.claim(`${service.name}Def`);
      const handlers = names.claim(`${service.name}Handlers`);
      imports.value(def, from);
      imports.type(handlers, from);
      services.push({ service, def, handlers });
    }
  }
  // Locals after every import, so an implementation never takes a name an import needs.
  const implementations = services.map((s) => ({
    ...s,
    local: names.module(lowerFirst(s.service.name)),
  }));
  const factory = names.module(`create${pascalCase(stems)}Server`);

  const out = new CodePrinter();
  const sources = inputs.map(({ file }) => importPath(here, file)).join(", ");
  const modules = stems.map((stem) => importPath(here, join(options.genDir, `${stem}.ts`)));
  out.comment(
    wrap(
      `Server skeleton written by rpcgen ${oneLine(options.generatorVersion)} for ${oneLine(sources)}. ` +
        "This file is yours: rpcgen never overwrites it. Each method throws `unimplemented` until " +
        "you write it, and the compiler checks what you write against the handler types in " +
        `${oneLine(modules.join(", "))}. Parameters start with \`_\` while unused; drop the \`_\` ` +
        "when you use one.",
      commentWidth,
    ),
  );
  out.blank();
  out.lines(imports.render());
  for (const { service, handlers, local } of implementations) {
    out.blank();
    out.doc(`Implements ${service.name}.`);
    const stubs = () => {
      for (const method of service.methods) printStub(out, service, method);
    };
    out.block(`export const ${local}: ${handlers} =`, stubs, "};");
  }
  out.blank();
  out.doc(
    wrap(
      "A server with every service above. Serve it over any transport, e.g. with " +
        `\`@rpcgen/transport-tcp\`: \`await listenTcp(${factory}(), { port: 7000 })\`.`,
      commentWidth,
    ),
  );
  out.block(`export function ${factory}(options?: ServerOptions): Server`, () => {
    const adds = implementations.map(({ def, local }) => `.add(${def}, ${local})`).join("");
    out.line(`return createServer(options)${adds};`);
  });
  return formatTypeScript(out.toString());
}

/** One method that throws `unimplemented`, with a hint on how a stream is written. */
function printStub(out: CodePrinter, service: Service, method: Method): void {
  const params = method.params.map((p) => p.name);
  const ctx = contextName(params);
  const unused = [...params, ctx].map((name) => `_${name}`).join(", ");
  const [stream] = params;
  const key = propertyKey(method.name);
  const call = `${key}(${[...params, ctx].join(", ")})`;
  out.doc(method.doc);
  const hint = {
    unary: undefined,
    server_stream: `A server stream: write it as \`async *${call} { yield item; }\`.`,
    client_stream: `A client stream: read \`${stream}\` with \`for await (const item of ${stream})\`.`,
    bidi: `A bidi stream: write it as \`async *${call}\`, reading \`${stream}\` with \`for await\` and yielding replies.`,
  }[method.kind];
  const [declared] = method.errors ?? [];
  const raise =
    declared === undefined
      ? undefined
      : `Declared errors (${method.errors?.join(", ")}): raise one with \`throw ${ctx}.error(${stringLiteral(declared)}, details)\`.`;
  const body = () => {
    // Inside `export const x = {` and a method: four columns more than the header.
    if (hint !== undefined) out.comment(wrap(hint, commentWidth - 4));
    if (raise !== undefined) out.comment(wrap(raise, commentWidth - 4));
    const message = `${service.name}.${method.name} is not implemented yet`;
    out.line(`throw new RpcError(RpcCode.Unimplemented, ${stringLiteral(message)});`);
  };
  // An arrow rather than a method: the package's formatter covers the syntax the emitter writes,
  // which has arrow properties but no object methods.
  out.block(`${key}: (${unused}) =>`, body, "},");
}

/** Columns for a top-level comment's text: Biome's line width less the `// ` or ` * `. */
const commentWidth = 97;

/** `text` as lines of at most `width` characters, broken at spaces (a longer word stays whole). */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines.join("\n");
}

/** The call context's parameter: `ctx`, unless the method has a parameter of that name. */
function contextName(params: readonly string[]): string {
  for (const candidate of ["ctx", "context", "callContext"]) {
    if (!params.includes(candidate)) return candidate;
  }
  for (let n = 2; ; n++) if (!params.includes(`ctx${n}`)) return `ctx${n}`;
}

/** A relative module specifier from directory `from` to `to`: `./gen/path.js`, `../services/path.js`. */
function importPath(from: string, to: string): string {
  const path = relative(from, to).split(sep).join("/");
  return path.startsWith("../") ? path : `./${path}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** `["path", "ride-events"]` -> `PathRideEvents`. */
function pascalCase(stems: readonly string[]): string {
  const words = stems.flatMap((stem) => stem.split(/[^A-Za-z0-9]+/)).filter((w) => w !== "");
  const joined = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
  return /^[A-Za-z]/.test(joined) ? joined : `Rpc${joined}`;
}
