/**
 * TypeScript as the judge: is a JSON value assignable to a message type? All cases of a package
 * go into one generated file (`const c12: T = <json>;`) checked by one program, with the
 * compiler options the units are analyzed with; diagnostics are mapped back to cases by
 * position.
 *
 * A JSON literal is fresh, so TypeScript reports keys its type does not declare as excess
 * properties, while decoders drop unknown keys by design. A case whose only errors are excess
 * properties is therefore judged again without those keys (TypeScript reports one excess key
 * at a time, so this repeats), and counts as accepted with them dropped; the decoder must then
 * give back exactly the value without them.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import ts from "typescript";
import type { Direction } from "./corpus.js";
import type { IdlMethod } from "./idl.js";

export interface JudgeCase {
  /** Unique among the cases of one `judge` call. */
  readonly key: number;
  /** The message type, a TypeScript type expression over the judge file's imports. */
  readonly type: string;
  readonly value: unknown;
}

export type Verdict =
  | {
      readonly kind: "accepted";
      /** The value without the keys TypeScript called excess. */
      readonly value: unknown;
      /** Where those keys were, as key lists from the root. */
      readonly excess: readonly (readonly (string | number)[])[];
    }
  | { readonly kind: "refused"; readonly message: string };

/** Object literal may only specify known properties (2353), also with a "did you mean" (2561). */
const excessCodes = new Set([2353, 2561]);

/** Rounds of dropping excess keys before a case is given up as refused. */
const maxRounds = 40;

/** The options the units are analyzed with: the judge must see the same types. */
function readOptions(tsconfig: string): ts.CompilerOptions {
  const read = ts.readConfigFile(tsconfig, (path) => ts.sys.readFile(path));
  if (read.error !== undefined) throw new Error(flatten(read.error.messageText));
  return ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(tsconfig), {}, tsconfig)
    .options;
}

/** Helpers the message types are written with. */
const prelude = `
/** A response message: the awaited result, or one item of a stream. */
type Res<F> = F extends (...args: never[]) => infer R ? (R extends AsyncIterable<infer T> ? T : Awaited<R>) : never;
/** Parameter I of a method. */
type Arg<F, I extends number> = F extends (...args: infer P) => unknown ? P[I] : never;
/** One item of a client stream. */
type Item<S> = S extends AsyncIterable<infer T> ? T : never;
`;

/** The type of a message of `method`, whose IDL file the judge file imports as `alias`. */
export function messageType(alias: string, method: IdlMethod, direction: Direction): string {
  const fn = `${alias}.${method.service}[${JSON.stringify(method.name)}]`;
  if (direction === "response") return `Res<${fn}>`;
  const arg = (i: number) => {
    const param = method.params[i]!;
    return param.stream ? `Item<Arg<${fn}, ${i}>>` : `Arg<${fn}, ${i}>`;
  };
  if (method.params.length === 1) {
    // An absent optional argument travels as null (see mutate.ts, SiteOptions.nullAccepted).
    return method.params[0]!.optional ? `${arg(0)} | null` : arg(0);
  }
  const fields = method.params.map(
    (p, i) => `${JSON.stringify(p.name)}${p.optional ? "?" : ""}: ${arg(i)}`,
  );
  return `{ ${fields.join("; ")} }`;
}

/**
 * A judge for the IDL files `imports` (alias to absolute path), writing its file into `dir`,
 * checking with the compiler options of `tsconfig`.
 * Keeps the parsed library and package declarations between calls, so only the cases are
 * parsed again and checked.
 */
export class Judge {
  private readonly file: string;
  private readonly options: ts.CompilerOptions;
  private readonly header: string;
  private readonly host: ts.CompilerHost;
  private readonly cache = new Map<string, ts.SourceFile>();
  private text = "";
  private program: ts.Program | undefined;

  constructor(dir: string, imports: Readonly<Record<string, string>>, tsconfig: string) {
    this.file = join(dir, "judge.ts");
    this.options = readOptions(tsconfig);
    const lines = Object.entries(imports).map(([alias, idl]) => {
      const from = relative(dir, idl).replaceAll("\\", "/").replace(/\.ts$/, ".js");
      return `import type * as ${alias} from ${JSON.stringify(from.startsWith(".") ? from : `./${from}`)};`;
    });
    this.header = `${lines.join("\n")}\n${prelude}\n`;
    const base = ts.createCompilerHost(this.options, true);
    this.host = {
      ...base,
      fileExists: (name) => name === this.file || base.fileExists(name),
      readFile: (name) => (name === this.file ? this.text : base.readFile(name)),
      getSourceFile: (name, version, onError, create) => {
        if (name === this.file) return ts.createSourceFile(name, this.text, version, true);
        let found = this.cache.get(name);
        if (found === undefined) {
          found = base.getSourceFile(name, version, onError, create);
          if (found !== undefined) this.cache.set(name, found);
        }
        return found;
      },
    };
  }

  /** TypeScript's verdict on every case. */
  judge(cases: readonly JudgeCase[]): Map<number, Verdict> {
    const verdicts = new Map<number, Verdict>();
    const dropped = new Map<number, (string | number)[][]>();
    let pending = [...cases];
    for (let round = 0; round < maxRounds && pending.length > 0; round++) {
      const diagnostics = this.check(pending);
      const next: JudgeCase[] = [];
      for (const c of pending) {
        const found = diagnostics.get(c.key) ?? [];
        const excess = dropped.get(c.key) ?? [];
        if (found.length === 0) {
          verdicts.set(c.key, { kind: "accepted", value: c.value, excess });
          continue;
        }
        const paths = found.every((d) => d.excessKey !== undefined)
          ? found.flatMap((d) => this.excessPaths(c.key, d.start, d.excessKey!, d.code))
          : [];
        if (paths.length === 0 || paths.some((p) => p === undefined)) {
          const first = found.find((d) => d.excessKey === undefined) ?? found[0]!;
          verdicts.set(c.key, { kind: "refused", message: first.message });
          continue;
        }
        let value = structuredClone(c.value);
        for (const path of paths as (string | number)[][]) value = withoutKey(value, path);
        dropped.set(c.key, [...excess, ...(paths as (string | number)[][])]);
        next.push({ ...c, value });
      }
      pending = next;
    }
    for (const c of pending) {
      verdicts.set(c.key, {
        kind: "refused",
        message: `still excess keys after ${maxRounds} rounds`,
      });
    }
    return verdicts;
  }

  private check(cases: readonly JudgeCase[]): Map<number, Found[]> {
    const starts: { key: number; start: number }[] = [];
    let text = this.header;
    for (const c of cases) {
      starts.push({ key: c.key, start: text.length });
      text += `const c${c.key}: ${c.type} = ${JSON.stringify(c.value)};\n`;
    }
    this.text = text;
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, text);
    this.program = ts.createProgram({
      rootNames: [this.file],
      options: this.options,
      host: this.host,
      ...(this.program === undefined ? {} : { oldProgram: this.program }),
    });
    const source = this.program.getSourceFile(this.file)!;
    const all = [
      ...this.program.getSyntacticDiagnostics(source),
      ...this.program.getSemanticDiagnostics(source),
    ];
    const byCase = new Map<number, Found[]>();
    for (const d of all) {
      const start = d.start ?? 0;
      if (start < this.header.length) {
        throw new Error(`the judge file's header does not compile: ${flatten(d.messageText)}`);
      }
      const owner = caseAt(starts, start);
      const list = byCase.get(owner) ?? [];
      list.push({
        code: d.code,
        start,
        message: flatten(d.messageText),
        excessKey: excessKeyOf(d),
      });
      byCase.set(owner, list);
    }
    return byCase;
  }

  /**
   * The places of the excess key a diagnostic of case `key` at `start` names: the property
   * named there (2353, 2561, or an error whose chain ends in one, as TypeScript reports an excess
   * property of a fresh object inside a union), or else every property of that name under the
   * node reported.
   */
  private excessPaths(
    key: number,
    start: number,
    name: string,
    code: number,
  ): ((string | number)[] | undefined)[] {
    const source = this.program?.getSourceFile(this.file);
    const init = source === undefined ? undefined : initializerOf(source, key);
    if (source === undefined || init === undefined) return [undefined];
    const direct = pathTo(source, init, start, []);
    if (excessCodes.has(code) || direct?.at(-1) === name) return [direct];
    const reported = nodeAt(source, init, start) ?? init;
    const starts: number[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isPropertyAssignment(node) && propertyName(node) === name) {
        starts.push(node.name.getStart(source));
      }
      ts.forEachChild(node, visit);
    };
    visit(reported);
    return starts.length === 0 ? [undefined] : starts.map((at) => pathTo(source, init, at, []));
  }
}

/** A diagnostic of one case. */
interface Found {
  readonly code: number;
  readonly start: number;
  readonly message: string;
  /** The key it calls excess, when that is all it says (directly or at the end of its chain). */
  readonly excessKey: string | undefined;
}

function excessKeyOf(d: ts.Diagnostic): string | undefined {
  let code = d.code;
  let chain = typeof d.messageText === "string" ? undefined : d.messageText;
  let text = flatten(d.messageText);
  while (chain?.next !== undefined && chain.next.length === 1) {
    chain = chain.next[0]!;
    code = chain.code;
    text = chain.messageText;
  }
  if (!excessCodes.has(code)) return undefined;
  const match = /known properties, and '(.+?)' does not exist/.exec(text);
  return match?.[1]?.replace(/^"(.*)"$/, "$1");
}

function initializerOf(source: ts.SourceFile, key: number): ts.Expression | undefined {
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const declaration = statement.declarationList.declarations[0];
    if (declaration?.name.getText(source) === `c${key}`) return declaration.initializer;
  }
  return undefined;
}

/** The innermost node of `root` that starts at `start`. */
function nodeAt(source: ts.SourceFile, root: ts.Node, start: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node) => {
    if (start < node.getStart(source) || start >= node.end) return;
    if (node.getStart(source) === start) found = node;
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

function propertyName(node: ts.PropertyAssignment): string | undefined {
  const name = node.name;
  return ts.isStringLiteral(name) || ts.isIdentifier(name) ? name.text : undefined;
}

function pathTo(
  source: ts.SourceFile,
  node: ts.Expression,
  start: number,
  segments: (string | number)[],
): (string | number)[] | undefined {
  if (ts.isObjectLiteralExpression(node)) {
    for (const property of node.properties) {
      if (!ts.isPropertyAssignment(property)) continue;
      const name = propertyName(property);
      if (name === undefined) continue;
      if (property.name.getStart(source) === start) return [...segments, name];
      if (start >= property.initializer.getStart(source) && start < property.initializer.end) {
        return pathTo(source, property.initializer, start, [...segments, name]);
      }
    }
  } else if (ts.isArrayLiteralExpression(node)) {
    const i = node.elements.findIndex((e) => start >= e.getStart(source) && start < e.end);
    if (i >= 0) return pathTo(source, node.elements[i]!, start, [...segments, i]);
  }
  return undefined;
}

function caseAt(starts: readonly { key: number; start: number }[], position: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]!.start <= position) low = mid;
    else high = mid - 1;
  }
  return starts[low]!.key;
}

function withoutKey(root: unknown, path: readonly (string | number)[]): unknown {
  let parent = root as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1))
    parent = parent[segment] as Record<string | number, unknown>;
  delete parent[path.at(-1)!];
  return root;
}

function flatten(message: string | ts.DiagnosticMessageChain): string {
  return ts.flattenDiagnosticMessageText(message, " ");
}
