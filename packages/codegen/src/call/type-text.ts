import type { NamedType, NumberConstraints, StringConstraints, TypeNode } from "../ir/schema.js";

/**
 * TypeScript text for the schema IR, for `rpcgen call --describe`: a type node as written in
 * an interface, and a named type as its declaration. Refs print their id (`Page<Route>`).
 */
export function typeText(node: TypeNode, indent = ""): string {
  switch (node.kind) {
    case "string":
    case "number":
    case "boolean":
    case "bigint":
    case "null":
    case "undefined":
    case "unknown":
      return node.kind;
    case "date":
      return "Date";
    case "bytes":
      return "Uint8Array";
    case "literal":
      return JSON.stringify(node.value);
    case "array": {
      const element = typeText(node.element, indent);
      return needsParens(node.element) ? `(${element})[]` : `${element}[]`;
    }
    case "set":
      return `Set<${typeText(node.element, indent)}>`;
    case "map":
      return `Map<${typeText(node.key, indent)}, ${typeText(node.value, indent)}>`;
    case "record":
      return `Record<${node.key}, ${typeText(node.value, indent)}>`;
    case "ref":
      return node.id;
    case "union": {
      if (node.members.length === 0) return "never";
      const members = node.members.map((m) => typeText(m, `${indent}    `));
      const line = members.join(" | ");
      // One member per line when they do not fit on one, as Biome lays out a long union.
      if (!line.includes("\n") && line.length <= 80) return line;
      return members.map((m) => `\n${indent}  | ${m}`).join("");
    }
    case "enum":
      return node.members.map((m) => JSON.stringify(m.value)).join(" | ");
    case "tuple":
      return `[${node.elements
        .map((e) => {
          const type = typeText(e.type, indent);
          const label = e.name === undefined ? "" : `${e.name}${e.optional ? "?" : ""}: `;
          if (e.rest) return `...${label}${needsParens(e.type) ? `(${type})` : type}[]`;
          return e.optional && e.name === undefined ? `${type}?` : `${label}${type}`;
        })
        .join(", ")}]`;
    case "object":
      return objectText(node, indent);
  }
}

/** A named type as a declaration: an interface for an object, else an alias or an enum. */
export function declarationText(named: NamedType): string {
  const doc = named.doc === undefined ? "" : docText(named.doc, "");
  const { type } = named;
  if (type.kind === "object") return `${doc}interface ${named.id} ${objectText(type, "")}`;
  if (type.kind === "enum") {
    const members = type.members.map((m) => `  ${m.name} = ${JSON.stringify(m.value)},`);
    return `${doc}enum ${named.id} {\n${members.join("\n")}\n}`;
  }
  const text = typeText(type, "");
  const gap = text.startsWith("\n") ? "" : " ";
  return `${doc}type ${named.id} =${gap}${text}${constraintsNote(type)};`;
}

function objectText(node: Extract<TypeNode, { kind: "object" }>, indent: string): string {
  const inner = `${indent}  `;
  const lines = node.properties.map((p) => {
    const doc = p.doc === undefined ? "" : docText(p.doc, inner);
    const name = /^[A-Za-z_$][\w$]*$/.test(p.name) ? p.name : JSON.stringify(p.name);
    const mark = `${p.readonly ? "readonly " : ""}${name}${p.optional ? "?" : ""}`;
    return `${doc}${inner}${mark}: ${typeText(p.type, inner)};${constraintsNote(p.type)}`;
  });
  if (node.additional !== undefined) {
    lines.push(`${inner}[key: string]: ${typeText(node.additional, inner)};`);
  }
  if (lines.length === 0) return "{}";
  // A small object without docs or notes reads best on one line: `{ kind: "a"; at: Date }`.
  const flat = lines.map((l) => l.trim().replace(/;$/, ""));
  const oneLine = `{ ${flat.join("; ")} }`;
  if (lines.every((l) => !l.includes("\n") && !l.includes("//")) && oneLine.length <= 72) {
    return oneLine;
  }
  return `{\n${lines.join("\n")}\n${indent}}`;
}

/** The constraints of a string or number as the JSDoc tags that declare them: ` // @maxLength 40`. */
function constraintsNote(node: TypeNode): string {
  const constraints: StringConstraints | NumberConstraints | undefined =
    node.kind === "string" || node.kind === "number" ? node.constraints : undefined;
  if (constraints === undefined) return "";
  const tags = Object.entries(constraints).map(([tag, value]) =>
    value === true ? `@${tag}` : `@${tag} ${String(value)}`,
  );
  return tags.length === 0 ? "" : ` // ${tags.join(" ")}`;
}

/** A JSDoc comment for `doc`, each line at `indent`. */
export function docText(doc: string, indent: string): string {
  const lines = doc.split("\n");
  if (lines.length === 1) return `${indent}/** ${doc} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} * ${l}`.trimEnd()).join("\n")}\n${indent} */\n`;
}

function needsParens(node: TypeNode): boolean {
  return (node.kind === "union" && node.members.length > 1) || node.kind === "enum";
}
