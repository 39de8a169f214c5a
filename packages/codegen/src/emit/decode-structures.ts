import type { Property, TupleElement, TypeNode } from "../ir/schema.js";
import { callKinds, isSimple } from "./checks.js";
import { type Bucket, needsUnionFunction } from "./decode-union.js";
import type { DecoderWriter, Site } from "./decoders.js";
import { isInheritedName, ownPropertyRead, propertyAccess, propertyKey } from "./names.js";
import { stringLiteral } from "./printer.js";
import { unionMembers } from "./type-facts.js";

/**
 * Decoders of the structured kinds: objects, records, arrays, tuples, Maps and Sets. Objects,
 * records, arrays and tuples are checked and fixed up in place; Maps and Sets are rebuilt.
 */

/**
 * Checks each property, then drops unknown ones (or decodes them with the index signature).
 * `checked` names a property already checked (a discriminator the caller switched on).
 */
export function decodeObject(
  w: DecoderWriter,
  properties: readonly Property[],
  additional: TypeNode | undefined,
  site: Site,
  known?: Bucket,
  checked?: string,
): void {
  const { ctx, out } = w;
  if (known !== "object") expectObject(w, site);
  const table = additional === undefined && properties.length > maxInlineKeys;
  // Each property's type in the field table, undefined for those checked by their own code.
  const tabled = table
    ? properties.map((property) => (property.name === checked ? undefined : tableType(w, property)))
    : [];
  if (table) {
    const fields = properties.map(
      (property, i) => `${propertyKey(property.name)}: ${stringLiteral(tabled[i] ?? "decoded")}`,
    );
    const name = w.declare(
      `FIELDS_${site.hint}`,
      `${ctx.rt("fieldTable")}({ ${fields.join(", ")} })`,
    );
    out.line(`${ctx.rt("checkFields")}(${site.read}, ${site.path}, ${name});`);
  }
  for (const [i, property] of properties.entries()) {
    if (property.name === checked || tabled[i] !== undefined) continue;
    const write = propertyAccess(site.read, property.name);
    let read = write;
    if (isInheritedName(property.name) || isComplex(w, property.type)) {
      read = w.scope.local(property.name);
      out.line(`const ${read} = ${ownPropertyRead(site.read, property.name)};`);
    }
    const at: Site = {
      read,
      path: site.path.property(property.name),
      hint: `${site.hint}_${property.name}`,
    };
    const store = (expr: string) => `${write} = ${expr};`;
    w.slot(property.type, at, store, { optional: property.optional, nullAsUndefined: false });
  }
  if (additional !== undefined && properties.length === 0) {
    decodeEntries(w, additional, site, undefined);
    return;
  }
  if (table) return;
  const names = properties.map((property) => stringLiteral(property.name));
  if (names.length > maxInlineKeys) {
    const knownKeys = w.declare(`KNOWN_${site.hint}`, `new Set([${names.join(", ")}])`);
    if (additional === undefined) out.line(`${ctx.rt("dropUnknown")}(${site.read}, ${knownKeys});`);
    else decodeEntries(w, additional, site, (key) => `if (${knownKeys}.has(${key})) continue;`);
    return;
  }
  if (additional !== undefined) {
    const isKnown = (key: string) => names.map((name) => `${key} === ${name}`).join(" || ");
    decodeEntries(w, additional, site, (key) => `if (${isKnown(key)}) continue;`);
    return;
  }
  w.nested(() => {
    const key = w.scope.local("key");
    const drop = `delete ${site.read}[${key}];`;
    const unknown = names.map((name) => `${key} !== ${name}`).join(" && ");
    out.block(`for (const ${key} in ${site.read})`, () => {
      out.line(names.length === 0 ? drop : `if (${unknown}) ${drop}`);
    });
  });
}

/**
 * The type a property has in a big object's field table (runtime `fieldTable`) when `typeof`
 * tests and literal values decide it: `"string | null"`, `"number | undefined"` for an optional
 * one, `'"open" | "closed"'`. Undefined for anything else (enums, constraints, structures),
 * which keeps its own code.
 */
function tableType(w: DecoderWriter, property: Property): string | undefined {
  const members = unionMembers(property.type);
  const kinds = new Set<string>();
  for (const member of members) {
    if (member.kind === "literal") {
      const text = JSON.stringify(member.value);
      if (text.includes(" | ")) return undefined;
      kinds.add(text);
      continue;
    }
    if (!tableKinds.has(member.kind)) return undefined;
    if ((member.kind === "string" || member.kind === "number") && member.constraints) {
      return undefined;
    }
    kinds.add(member.kind);
  }
  if (property.optional || w.ctx.facts.allowsUndefined(property.type)) kinds.add("undefined");
  return [...kinds].join(" | ");
}

const tableKinds: ReadonlySet<string> = new Set([
  "string",
  "number",
  "boolean",
  "null",
  "undefined",
]);

/**
 * Objects with at most this many properties find unknown keys with a chain of `!==` (what Ajv
 * emits), larger ones with a Set. Node 20, optimized code, objects from msgpackr: the chain
 * takes 11 ns per object at 4 keys and 35 at 16, `Set.has` 35 and 130-160 (3.3-3.9x slower);
 * at 20 keys the gap narrows (2.5x) while the chain keeps growing with the square of the key
 * count. Only code not yet optimized prefers the Set, from about 6 keys; docs/performance.md.
 */
const maxInlineKeys = 16;

/** `Record<string, V>` or `Record<number, V>`: every value decoded, number keys numeric. */
export function decodeRecord(
  w: DecoderWriter,
  key: "string" | "number",
  value: TypeNode,
  site: Site,
  known?: Bucket,
): void {
  if (known !== "object") expectObject(w, site);
  const numeric =
    key === "number"
      ? (name: string) =>
          `if (String(Number(${name})) !== ${name}) ${w.ctx.rt("expectedValue")}(${site.path}, "numeric keys", ${name});`
      : undefined;
  decodeEntries(w, value, site, numeric, key === "number");
}

/**
 * A `for...in` over the keys of an object, decoding each value. `first` is a statement run per
 * key before that (skip known keys, check numeric keys); `required` keeps the loop even when the
 * values need no checks.
 */
function decodeEntries(
  w: DecoderWriter,
  value: TypeNode,
  site: Site,
  first: ((key: string) => string) | undefined,
  required = false,
): void {
  w.nested(() => {
    const key = w.scope.local("key");
    const bind = !callKinds.has(value.kind);
    const item = bind ? w.scope.local("item") : `${site.read}[${key}]`;
    const at: Site = { read: item, path: site.path.keyOf(key), hint: `${site.hint}_value` };
    const store = (expr: string) => `${site.read}[${key}] = ${expr};`;
    const [body] = w.capture(() =>
      w.slot(value, at, store, { optional: false, nullAsUndefined: false }),
    );
    if (body.length === 0 && !required) return;
    w.out.block(`for (const ${key} in ${site.read})`, () => {
      if (first !== undefined) w.out.line(first(key));
      if (bind && body.length > 0) w.out.line(`const ${item} = ${site.read}[${key}];`);
      w.out.lines(body);
    });
  });
}

/** Checks each element, storing converted ones back in place. */
export function decodeArray(w: DecoderWriter, element: TypeNode, site: Site, known?: Bucket): void {
  if (known !== "array") expectArray(w, site, "array");
  w.nested(() => {
    const i = w.index();
    const [body] = w.capture(() => decodeElement(w, element, site, i, `${site.hint}_item`));
    if (body.length === 0) return;
    w.out.block(`for (let ${i} = 0; ${i} < ${site.read}.length; ${i}++)`, () => w.out.lines(body));
  });
}

/**
 * Decodes element `index` (a number, or code computing it) of the array at `site`, storing it
 * back when it converts.
 */
function decodeElement(
  w: DecoderWriter,
  node: TypeNode,
  site: Site,
  index: number | string,
  hint: string,
  optional = false,
  label = "item",
): void {
  const { facts } = w.ctx;
  const raw = `${site.read}[${index}]`;
  const path = typeof index === "number" ? site.path.index(index) : site.path.indexOf(index);
  const nullToUndefined = (optional || facts.allowsUndefined(node)) && !facts.allowsNull(node);
  const bind = nullToUndefined || !callKinds.has(node.kind);
  const read = bind ? w.scope.local(label) : raw;
  const store = (expr: string) => `${raw} = ${expr};`;
  const [body] = w.capture(() =>
    w.slot(node, { read, path, hint }, store, { optional, nullAsUndefined: true }),
  );
  if (body.length === 0) return;
  if (bind) w.out.line(`const ${read}: unknown = ${raw};`);
  w.out.lines(body);
}

/** Checks the length (optional and rest elements allowed), then each element. */
export function decodeTuple(
  w: DecoderWriter,
  elements: readonly TupleElement[],
  site: Site,
  known?: Bucket,
): void {
  if (known !== "array") expectArray(w, site, "tuple");
  const restAt = elements.findIndex((element) => element.rest);
  const head = restAt < 0 ? elements : elements.slice(0, restAt);
  const rest = restAt < 0 ? undefined : elements[restAt];
  const tail = restAt < 0 ? [] : elements.slice(restAt + 1);
  const min = head.filter((element) => !element.optional).length + tail.length;
  const max = rest === undefined ? head.length : undefined;
  const length = `${site.read}.length`;
  const fail = (test: string, expected: string) =>
    `if (${test}) throw ${w.ctx.rt("invalidAt")}(${site.path}, \`expected ${expected}, got \${${length}}\`);`;
  if (min === max) w.out.line(fail(`${length} !== ${min}`, elementCount(min)));
  else if (max !== undefined) {
    w.out.line(fail(`${length} < ${min} || ${length} > ${max}`, `${min} to ${max} elements`));
  } else if (min > 0) w.out.line(fail(`${length} < ${min}`, `at least ${elementCount(min)}`));
  // Fixed elements are read into locals of this block: `point0`, `point1`, ...
  const label = /^\w+$/.test(site.read) ? site.read : "item";
  head.forEach((element, k) => {
    decodeElement(w, element.type, site, k, `${site.hint}_${k}`, element.optional, `${label}${k}`);
  });
  if (rest !== undefined) {
    w.nested(() => {
      const i = w.index();
      const end = tail.length === 0 ? length : `${length} - ${tail.length}`;
      const hint = `${site.hint}_rest`;
      const [body] = w.capture(() => decodeElement(w, rest.type, site, i, hint));
      if (body.length === 0) return;
      w.out.block(`for (let ${i} = ${head.length}; ${i} < ${end}; ${i}++)`, () =>
        w.out.lines(body),
      );
    });
  }
  tail.forEach((element, j) => {
    const index = `${length} - ${tail.length - j}`;
    const k = head.length + 1 + j;
    decodeElement(w, element.type, site, index, `${site.hint}_${k}`, false, `${label}${k}`);
  });
}

/**
 * A Map from `[key, value]` pairs or a Map, or a Set from an array or a Set: always a new one.
 * A Map or Set given in memory is first turned into its wire form, so one indexed loop serves.
 */
export function decodeCollection(
  w: DecoderWriter,
  node: Extract<TypeNode, { kind: "map" | "set" }>,
  site: Site,
): string {
  const { ctx, out } = w;
  const isMap = node.kind === "map";
  const type = isMap ? "Map" : "Set";
  const what = stringLiteral(isMap ? "Map or array of [key, value] pairs" : "Set or array");
  const notCollection = `!(${site.read} instanceof ${type}) && !Array.isArray(${site.read})`;
  out.line(`if (${notCollection}) ${ctx.rt("expected")}(${site.path}, ${what}, ${site.read});`);
  const result = w.scope.local(isMap ? "map" : "set");
  const items = w.scope.local(isMap ? "pairs" : "members");
  out.line(`const ${result} = new ${type}<${isMap ? "unknown, unknown" : "unknown"}>();`);
  out.line(
    `const ${items} = ${site.read} instanceof ${type} ? Array.from(${site.read}) : ${site.read};`,
  );
  w.nested(() => {
    const i = w.index();
    out.block(`for (let ${i} = 0; ${i} < ${items}.length; ${i}++)`, () => {
      const at = site.path.indexOf(i);
      if (node.kind === "map") {
        const pair = w.scope.local("pair");
        out.line(`const ${pair}: unknown = ${items}[${i}];`);
        const notPair = `!Array.isArray(${pair}) || ${pair}.length !== 2`;
        out.line(`if (${notPair}) ${ctx.rt("expected")}(${at}, "[key, value] pair", ${pair});`);
        const key = w.element(node.key, `${pair}[0]`, at.index(0), `${site.hint}_key`, "key");
        const value = w.element(
          node.value,
          `${pair}[1]`,
          at.index(1),
          `${site.hint}_value`,
          "item",
        );
        out.line(`${result}.set(${key}, ${value});`);
      } else {
        const value = w.element(node.element, `${items}[${i}]`, at, `${site.hint}_item`, "item");
        out.line(`${result}.add(${value});`);
      }
    });
  });
  return result;
}

function expectObject(w: DecoderWriter, site: Site): void {
  const { ctx } = w;
  w.out.line(
    `if (!${ctx.rt("isPlainObject")}(${site.read})) ${ctx.rt("expected")}(${site.path}, "object", ${site.read});`,
  );
}

function expectArray(w: DecoderWriter, site: Site, what: "array" | "tuple"): void {
  w.out.line(
    `if (!Array.isArray(${site.read})) ${w.ctx.rt("expected")}(${site.path}, "${what}", ${site.read});`,
  );
}

function elementCount(n: number): string {
  return n === 1 ? "1 element" : `${n} elements`;
}

/** Structures decoded inline read their value into a local first, for readable code. */
function isComplex(w: DecoderWriter, node: TypeNode): boolean {
  if (node.kind === "union") {
    return !unionMembers(node).every(isSimple) && !needsUnionFunction(w.ctx, node);
  }
  // An object decoded by a function of its own is one call, as a named type is.
  if (node.kind === "object" && w.ctx.structures.sharedObject(node, true) !== undefined) {
    return false;
  }
  return ["array", "tuple", "object", "record", "map", "set"].includes(node.kind);
}
