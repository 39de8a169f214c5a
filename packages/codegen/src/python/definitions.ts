import { snakeCase } from "./naming.js";
import { maxWidth, PyPrinter, pyLiteral, pyString } from "./printer.js";
import type { PyDataclass, PyEnum, PyError, PyTypes } from "./types.js";

/**
 * The type definitions of a module: a dataclass per object type (keyword-only, so fields
 * read by name and optional ones may come anywhere), an Enum per enum, a `TypeAlias` per other
 * named type, and an exception class per declared error.
 */
export function printDefinitions(types: PyTypes): string {
  const out = new PyPrinter();
  for (const definition of types.definitions) {
    out.gap();
    if (definition.kind === "dataclass") printDataclass(out, types, definition);
    else if (definition.kind === "enum") printEnum(out, definition);
    else {
      const type = types.annotation(definition.node);
      // Quoted when it names classes: an alias is evaluated where it stands, possibly before them.
      const value = /[A-Z]\w*/.test(type.replace(/Literal\[[^\]]*\]|JsonValue|NoReturn/g, ""))
        ? pyString(type)
        : type;
      const line = `${definition.name}: TypeAlias = ${value}`;
      if (line.length <= maxWidth || value === type) out.line(line);
      else {
        // One member a line; mypy reads the implicitly joined string as one annotation.
        const [first, ...rest] = type.split(" | ");
        out.line(`${definition.name}: TypeAlias = (`);
        out.lines([
          `    ${pyString(first ?? "")}`,
          ...rest.map((part) => `    ${pyString(` | ${part}`)}`),
        ]);
        out.line(")");
      }
      out.doc(definition.doc);
    }
  }
  for (const error of types.errors) {
    out.gap();
    printError(out, error);
  }
  return out.toString();
}

function printDataclass(out: PyPrinter, types: PyTypes, definition: PyDataclass): void {
  out.line("@dataclass(kw_only=True)");
  out.block(`class ${definition.name}`, () => {
    out.doc(definition.doc);
    const discriminators = tagFields(definition);
    let spaced = definition.doc !== undefined;
    for (const field of definition.fields) {
      // Fields with docstrings stand apart; a run of bare fields stays together.
      const doc = wireNote(field.name, field.wire, field.doc);
      if (spaced || doc !== undefined) out.line("");
      spaced = doc !== undefined;
      const tag = discriminators.get(field.wire);
      if (tag !== undefined) {
        out.line(`${field.name}: ${types.annotation(field.type)} = ${tag}`);
      } else if (field.optional) {
        out.line(`${field.name}: ${types.optionalAnnotation(field.type)} = None`);
      } else out.line(`${field.name}: ${types.annotation(field.type)}`);
      out.doc(doc);
    }
    if (definition.extra !== undefined && definition.node.additional !== undefined) {
      out.line("");
      const type = `dict[str, ${types.annotation(definition.node.additional)}]`;
      out.line(`${definition.extra}: ${type} = field(default_factory=dict)`);
      out.doc("Properties beside the declared ones, which the index signature allows.");
    }
  });
}

/** A one-literal field (a union's tag) defaults to its only value, so callers can leave it out. */
function tagFields(definition: PyDataclass): Map<string, string> {
  const tags = new Map<string, string>();
  for (const field of definition.fields) {
    if (field.type.kind === "literal" && !field.optional) {
      tags.set(field.wire, pyLiteral(field.type.value));
    }
  }
  return tags;
}

/** A field's doc, with its wire name when that is not the field's name in camelCase. */
function wireNote(name: string, wire: string, doc: string | undefined): string | undefined {
  if (name === snakeCase(wire)) return doc;
  const note = `On the wire: \`${wire}\`.`;
  return doc === undefined ? note : `${doc}\n\n${note}`;
}

function printEnum(out: PyPrinter, definition: PyEnum): void {
  out.block(`class ${definition.name}(Enum)`, () => {
    out.doc(definition.doc);
    if (definition.doc !== undefined) out.line("");
    for (const member of definition.members)
      out.line(`${member.name} = ${pyLiteral(member.value)}`);
  });
}

function printError(out: PyPrinter, error: PyError): void {
  const details = error.details.name;
  const optional = error.details.fields.every((field) => field.optional);
  const code = pyString(error.code);
  out.block(`class ${error.name}(DeclaredError)`, () => {
    out.doc(error.doc ?? `The declared error \`${error.wire}\` (\`${error.code}\`).`);
    out.line("");
    out.line(`declared_code: ClassVar[RpcCode] = ${code}`);
    out.line(`details: ${details}`);
    out.line("");
    const param = optional ? `details: ${details} | None = None` : `details: ${details}`;
    const params = `self, ${param}, message: str = ${pyString(error.wire)}`;
    const flat = `def __init__(${params}) -> None:`;
    if (4 + flat.length <= maxWidth) out.line(flat);
    else out.lines(["def __init__(", `    ${params}`, ") -> None:"]);
    out.indent(() => {
      if (optional) out.line(`details = details if details is not None else ${details}()`);
      out.line(`super().__init__(${code}, message, details=details, type=${pyString(error.wire)})`);
    });
    out.line("");
    out.line("@classmethod");
    out.block(`def _from_wire(cls, message: str, details: object) -> ${error.name}`, () => {
      // Details without a required property may be left out by the server.
      if (optional) out.line("details = {} if details is None else details");
      out.line(`return cls(${error.details.decoder}(details, "details"), message)`);
    });
  });
}
