/**
 * The methods of a corpus IDL file, read from its syntax alone. The judge needs each method's
 * parameter names and shapes to write the TypeScript type of a message, also for services the
 * analyzer refuses (which have no schema), so this must not depend on the analyzer.
 */
import { readFileSync } from "node:fs";
import ts from "typescript";

export interface IdlParam {
  readonly name: string;
  readonly optional: boolean;
  /** Written `AsyncIterable<T>`: a client stream, whose messages are the items. */
  readonly stream: boolean;
}

export interface IdlMethod {
  readonly service: string;
  readonly name: string;
  readonly params: readonly IdlParam[];
  /** Returns `AsyncIterable<T>` (or a generator): the response messages are the items. */
  readonly streamsResponse: boolean;
  /** Returns `Promise<void>`: there is no response message. */
  readonly voidResponse: boolean;
}

/** The methods of the exported interfaces `services` of `file`, in source order. */
export function idlMethods(file: string, services: readonly string[]): IdlMethod[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022);
  const out: IdlMethod[] = [];
  for (const statement of source.statements) {
    if (!ts.isInterfaceDeclaration(statement)) continue;
    const service = statement.name.text;
    if (!services.includes(service)) continue;
    for (const member of statement.members) {
      if (!ts.isMethodSignature(member)) continue;
      const returns = member.type?.getText(source) ?? "";
      out.push({
        service,
        name: member.name.getText(source),
        params: member.parameters.map((p) => ({
          name: p.name.getText(source),
          optional: p.questionToken !== undefined || p.initializer !== undefined,
          stream: p.type?.getText(source).startsWith("AsyncIterable<") ?? false,
        })),
        streamsResponse: /^Async(Iterable|Generator|IterableIterator)</.test(returns),
        voidResponse: /^Promise<\s*(void|undefined)\s*>$/.test(returns),
      });
    }
  }
  const missing = services.filter((s) => !out.some((m) => m.service === s));
  if (missing.length > 0) throw new Error(`${file} declares no methods of ${missing.join(", ")}`);
  return out;
}
