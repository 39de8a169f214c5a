import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import ts from "../typescript.cjs";
import type { Site } from "./findings.js";

/** Where a finding is: a file, and a line and column in it when it could be found. */
export interface Location {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

/**
 * Finds sites in the new version's IDL files by parsing them: services, methods, parameters
 * and return types by name in the IDL file; named types in the file that declares them, and
 * properties by their path through interfaces and type literals. Falls back to the nearest
 * enclosing declaration, then to the file. Each file is parsed once.
 */
export class Locator {
  readonly #idlFile: string;
  readonly #outDir: string;
  readonly #parsed = new Map<string, ts.SourceFile | undefined>();

  /** `outDir` is the directory the schema's `declaredIn` paths are relative to. */
  constructor(idlFile: string, outDir: string) {
    this.#idlFile = idlFile;
    this.#outDir = outDir;
  }

  locate(site: Site): Location {
    if (site.kind === "file") return { file: this.#idlFile };
    if (site.kind === "type") {
      const relative = site.declaredIn.startsWith("./") || site.declaredIn.startsWith("../");
      if (!relative && !isAbsolute(site.declaredIn)) return { file: site.declaredIn };
      const file = resolve(this.#outDir, site.declaredIn);
      const declaration = this.#declaration(file, site.name);
      return this.#at(
        file,
        declaration === undefined ? undefined : descend(declaration, site.path),
      );
    }
    const service = this.#declaration(this.#idlFile, site.service);
    if (service === undefined || site.kind === "service") return this.#at(this.#idlFile, service);
    const method = memberNamed(service, site.method);
    if (method === undefined) return this.#at(this.#idlFile, service);
    const signature = signatureOf(method);
    if (site.kind === "method" || signature === undefined) return this.#at(this.#idlFile, method);
    if (site.kind === "param") {
      const param = signature.parameters.find((p) => p.name.getText() === site.param);
      if (param === undefined) return this.#at(this.#idlFile, method);
      return this.#at(
        this.#idlFile,
        param.type === undefined ? param : descend(param.type, site.path),
      );
    }
    const returned = signature.type;
    return this.#at(this.#idlFile, returned === undefined ? method : descend(returned, site.path));
  }

  #at(file: string, node: ts.Node | undefined): Location {
    const source = this.#source(file);
    if (node === undefined || source === undefined) return { file };
    const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
    return { file, line: line + 1, column: character + 1 };
  }

  #source(file: string): ts.SourceFile | undefined {
    if (!this.#parsed.has(file)) {
      let text: string | undefined;
      try {
        text = readFileSync(file, "utf8");
      } catch {
        text = undefined;
      }
      this.#parsed.set(
        file,
        text === undefined
          ? undefined
          : ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true),
      );
    }
    return this.#parsed.get(file);
  }

  /** A top-level interface, type alias, enum or class named `name` in `file`. */
  #declaration(file: string, name: string): ts.Node | undefined {
    const source = this.#source(file);
    if (source === undefined) return undefined;
    return source.statements.find(
      (s) =>
        (ts.isInterfaceDeclaration(s) ||
          ts.isTypeAliasDeclaration(s) ||
          ts.isEnumDeclaration(s) ||
          ts.isClassDeclaration(s)) &&
        s.name?.text === name,
    );
  }
}

/** Follows a property path through interfaces, type literals and array types, as far as it goes. */
function descend(node: ts.Node, path: readonly string[]): ts.Node {
  let here = node;
  for (const part of path) {
    // Into a property's type to go deeper; the property itself is where its own change is.
    if ((ts.isPropertySignature(here) || ts.isPropertyDeclaration(here)) && here.type) {
      here = here.type;
    }
    const next = step(here, part);
    if (next === undefined) return here;
    here = next;
  }
  return here;
}

function step(node: ts.Node, part: string): ts.Node | undefined {
  if (ts.isTypeAliasDeclaration(node)) return step(node.type, part);
  if (ts.isParenthesizedTypeNode(node)) return step(node.type, part);
  if (part === "[]") {
    if (ts.isArrayTypeNode(node)) return node.elementType;
    if (ts.isTypeReferenceNode(node)) return node.typeArguments?.[0];
    return undefined;
  }
  if (part.startsWith("[")) return undefined;
  if (ts.isEnumDeclaration(node)) return undefined;
  return memberNamed(node, part);
}

function memberNamed(node: ts.Node, name: string): ts.Node | undefined {
  const members: readonly ts.Node[] | undefined =
    ts.isInterfaceDeclaration(node) || ts.isTypeLiteralNode(node) || ts.isClassDeclaration(node)
      ? node.members
      : undefined;
  return members?.find((m) => {
    const id = (m as { name?: ts.PropertyName }).name;
    return id !== undefined && (ts.isIdentifier(id) || ts.isStringLiteral(id)) && id.text === name;
  });
}

function signatureOf(member: ts.Node): ts.SignatureDeclarationBase | undefined {
  if (ts.isMethodSignature(member)) return member;
  if (
    ts.isPropertySignature(member) &&
    member.type !== undefined &&
    ts.isFunctionTypeNode(member.type)
  ) {
    return member.type;
  }
  return undefined;
}
