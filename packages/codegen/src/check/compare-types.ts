import { typeText } from "../call/type-text.js";
import type { NamedType, Schema, TypeNode } from "../ir/schema.js";
import { compareConstraints } from "./compare-constraints.js";
import { deeper, type Finding, type Findings, type Site, siteLabel } from "./findings.js";
import type { RuleName } from "./rules.js";

/** Which way a message travels: what clients send, or what servers answer. */
export type Direction = "request" | "response";

/** Where a comparison is: the message's direction, the site in the new IDL, the method. */
export interface At {
  readonly dir: Direction;
  readonly site: Site;
  /** `Service.method`, for the findings' `via`. */
  readonly via: string;
}

/**
 * Compares types across two schemas, following refs on both sides (ids are not stable across
 * edits, so types are matched by position, not by id). A named type pair is compared once per
 * direction; when another method reaches it again, its findings gain that method in `via`.
 */
export class TypeComparer {
  readonly #old: Schema;
  readonly #new: Schema;
  readonly #findings: Findings;
  /** Findings of each named type pair compared (or being compared) per direction. */
  readonly #done = new Map<string, Finding[]>();
  /** The pairs being compared now, innermost last: a finding belongs to each. */
  readonly #open: Finding[][] = [];

  constructor(old: Schema, next: Schema, findings: Findings) {
    this.#old = old;
    this.#new = next;
    this.#findings = findings;
  }

  /** Records a finding at `at`, for the method and for every named type pair open. */
  report(rule: RuleName, at: At, message: string): void {
    const finding = this.#findings.add(rule, at.site, message, at.via);
    for (const list of this.#open) if (!list.includes(finding)) list.push(finding);
  }

  compare(a: TypeNode, b: TypeNode, at: At): void {
    if (a.kind === "ref" && b.kind === "ref") {
      this.#comparePair(a.id, b.id, at);
      return;
    }
    if (a.kind === "ref") {
      this.compare(this.#oldType(a.id).type, b, at);
      return;
    }
    if (b.kind === "ref") {
      const named = this.#newType(b.id);
      this.compare(a, named.type, { ...at, site: typeSite(named) });
      return;
    }
    if (isUnionLike(a) || isUnionLike(b)) {
      this.#compareMembers(a, b, at);
      return;
    }
    if (a.kind !== b.kind) {
      // Any value fitted `unknown`: a response that becomes precise is still accepted.
      if (a.kind === "unknown" && at.dir === "response") return;
      this.#changed(a, b, at);
      return;
    }
    switch (a.kind) {
      case "string":
      case "number":
        compareConstraints(this, a, b as typeof a, at);
        return;
      case "array":
      case "set":
        this.compare(a.element, (b as typeof a).element, {
          ...at,
          site: deeper(at.site, "[]"),
        });
        return;
      case "map": {
        const m = b as typeof a;
        this.compare(a.key, m.key, { ...at, site: deeper(at.site, "[key]") });
        this.compare(a.value, m.value, { ...at, site: deeper(at.site, "[value]") });
        return;
      }
      case "record": {
        const r = b as typeof a;
        if (a.key !== r.key) {
          this.#changed(a, b, at);
          return;
        }
        this.compare(a.value, r.value, { ...at, site: deeper(at.site, "[value]") });
        return;
      }
      case "tuple": {
        const t = b as typeof a;
        const shape = (e: (typeof a.elements)[number]) => `${e.optional}/${e.rest}`;
        if (a.elements.map(shape).join() !== t.elements.map(shape).join()) {
          this.#changed(a, b, at);
          return;
        }
        a.elements.forEach((e, i) => {
          this.compare(e.type, t.elements[i]!.type, { ...at, site: deeper(at.site, `[${i}]`) });
        });
        return;
      }
      case "object":
        this.#compareObjects(a, b as typeof a, at);
        return;
      default:
        return;
    }
  }

  #comparePair(oldId: string, newId: string, at: At): void {
    const key = `${oldId}\u0000${newId}\u0000${at.dir}`;
    const done = this.#done.get(key);
    const named = this.#newType(newId);
    const site = typeSite(named);
    if (done !== undefined) {
      // Compared already (or being compared: a recursive type): the same findings, reached
      // from this method too.
      for (const f of done) this.report(f.rule, { ...at, site: f.site }, f.message);
      return;
    }
    const list: Finding[] = [];
    this.#done.set(key, list);
    this.#open.push(list);
    try {
      this.compare(this.#oldType(oldId).type, named.type, { ...at, site });
    } finally {
      this.#open.pop();
    }
  }

  #compareMembers(a: TypeNode, b: TypeNode, at: At): void {
    const discriminator =
      (b.kind === "union" ? b.discriminator : undefined) ??
      (a.kind === "union" ? a.discriminator : undefined);
    const before = this.#members(this.#old, a, discriminator);
    const after = this.#members(this.#new, b, discriminator);
    const removed = before.filter((m) => !covered(m, after));
    const added = after.filter((m) => !covered(m, before));
    if (before.length === 1 && after.length === 1 && removed.length === 1 && added.length === 1) {
      this.#changed(a, b, at);
      return;
    }
    const label = siteLabel(at.site);
    const list = (items: readonly Member[]) => items.map((m) => m.text).join(", ");
    const enums = a.kind === "enum" && b.kind === "enum";
    if (removed.length > 0) {
      if (enums) {
        this.report(
          "enum-member-removed",
          at,
          `${label} lost ${list(removed)}: ${lostWhy(at.dir)}`,
        );
      } else if (at.dir === "request") {
        this.report(
          "union-narrowed-in-request",
          at,
          `${label} no longer accepts ${list(removed)}: existing clients sending it are refused`,
        );
      } else {
        this.report(
          "union-narrowed-in-response",
          at,
          `${label} no longer includes ${list(removed)}: existing servers still send it and new clients refuse it; handlers returning it no longer compile`,
        );
      }
    }
    if (added.length > 0) {
      if (enums) {
        this.report(
          "enum-member-added",
          at,
          at.dir === "request"
            ? `${label} gained ${list(added)}: existing servers refuse it from new clients, and existing handlers do not expect it`
            : `${label} gained ${list(added)}: existing clients refuse it`,
        );
      } else if (at.dir === "response") {
        this.report(
          "union-widened-in-response",
          at,
          `${label} may now be ${list(added)}: existing clients refuse it`,
        );
      } else {
        this.report(
          "union-widened-in-request",
          at,
          `${label} now accepts ${list(added)}: existing servers refuse it from new clients, and existing handlers do not expect it`,
        );
      }
    }
    for (const m of before) {
      const match = after.find((n) => n.key === m.key);
      // Literals that match are equal; other members may differ inside.
      if (m.literal !== undefined || match === undefined || match.literal !== undefined) continue;
      if (m.node !== undefined && match.node !== undefined) {
        this.compare(m.node, match.node, at);
      }
    }
  }

  #compareObjects(
    a: Extract<TypeNode, { kind: "object" }>,
    b: Extract<TypeNode, { kind: "object" }>,
    at: At,
  ): void {
    const request = at.dir === "request";
    for (const p of a.properties) {
      const q = b.properties.find((x) => x.name === p.name);
      const here = { ...at, site: deeper(at.site, p.name) };
      const label = siteLabel(here.site);
      if (q === undefined) {
        if (request) {
          this.report(
            "request-field-removed",
            here,
            `${label} was removed: what existing clients send in it is dropped on arrival`,
          );
        } else if (!p.optional) {
          this.report(
            "response-field-removed",
            here,
            `${label} was removed: existing clients require it`,
          );
        }
        continue;
      }
      if (request && p.optional && !q.optional) {
        this.report(
          "field-required",
          here,
          `${label} became required: existing clients may leave it out`,
        );
      } else if (request && !p.optional && q.optional) {
        this.report("field-optional", here, `${label} became optional`);
      } else if (!request && !p.optional && q.optional) {
        this.report(
          "response-field-optional",
          here,
          `${label} became optional: existing clients require it`,
        );
      }
      this.compare(p.type, q.type, here);
    }
    for (const q of b.properties) {
      if (a.properties.some((p) => p.name === q.name)) continue;
      const here = { ...at, site: deeper(at.site, q.name) };
      const label = siteLabel(here.site);
      if (!request) {
        this.report("response-field-added", here, `${label} was added: existing clients drop it`);
      } else if (q.optional) {
        this.report("optional-field-added", here, `${label} was added, optional`);
      } else {
        this.report(
          "required-field-added",
          here,
          `${label} was added as a required field: existing clients do not send it`,
        );
      }
    }
    if (a.additional !== undefined && b.additional !== undefined) {
      this.compare(a.additional, b.additional, { ...at, site: deeper(at.site, "[key: string]") });
    }
  }

  #changed(a: TypeNode, b: TypeNode, at: At): void {
    this.report(
      "type-changed",
      at,
      `${siteLabel(at.site)} changed from ${typeText(a)} to ${typeText(b)}`,
    );
  }

  /** The members of a union-like type, unions behind refs flattened, enums as their values. */
  #members(schema: Schema, node: TypeNode, discriminator: string | undefined): Member[] {
    const out: Member[] = [];
    const visit = (n: TypeNode, seen: ReadonlySet<string>): void => {
      if (n.kind === "ref") {
        const body = schema.types[n.id]?.type;
        if (body !== undefined && !seen.has(n.id) && isUnionLike(body)) {
          visit(body, new Set([...seen, n.id]));
          return;
        }
      }
      if (n.kind === "union") {
        for (const m of n.members) visit(m, seen);
        return;
      }
      if (n.kind === "enum") {
        for (const m of n.members) {
          out.push({
            key: literalKey(m.value),
            text: `${m.name} (${JSON.stringify(m.value)})`,
            literal: m.value,
          });
        }
        return;
      }
      out.push(this.#member(schema, n, discriminator));
    };
    visit(node, new Set());
    return out;
  }

  #member(schema: Schema, node: TypeNode, discriminator: string | undefined): Member {
    if (node.kind === "literal") {
      return {
        key: literalKey(node.value),
        text: JSON.stringify(node.value),
        literal: node.value,
        node,
      };
    }
    const body = node.kind === "ref" ? schema.types[node.id]?.type : node;
    if (discriminator !== undefined && body?.kind === "object") {
      const tag = body.properties.find((p) => p.name === discriminator)?.type;
      const value = tag?.kind === "literal" ? tag.value : undefined;
      if (value !== undefined) {
        return {
          key: `tag:${literalKey(value)}`,
          text: `{ ${discriminator}: ${JSON.stringify(value)} }`,
          node,
        };
      }
    }
    if (node.kind === "ref") {
      const named = schema.types[node.id];
      return { key: `ref:${named?.name ?? node.id}`, text: node.id, node };
    }
    return { key: node.kind, text: typeText(node), node };
  }

  #oldType(id: string): NamedType {
    return namedIn(this.#old, id);
  }

  #newType(id: string): NamedType {
    return namedIn(this.#new, id);
  }
}

/** One member of a union-like type, keyed so the old and new members can be matched. */
interface Member {
  readonly key: string;
  readonly text: string;
  /** For a literal or enum member, its value (a plain `string` covers string literals). */
  readonly literal?: string | number | boolean;
  readonly node?: TypeNode;
}

function literalKey(value: string | number | boolean): string {
  return `literal:${typeof value}:${String(value)}`;
}

/** Whether `m`'s values are all among `set`'s: the same member, or a literal of a primitive. */
function covered(m: Member, set: readonly Member[]): boolean {
  return set.some(
    (n) => n.key === m.key || (m.literal !== undefined && n.key === typeof m.literal),
  );
}

function isUnionLike(node: TypeNode): boolean {
  return node.kind === "union" || node.kind === "enum" || node.kind === "literal";
}

function lostWhy(dir: Direction): string {
  return dir === "request"
    ? "existing clients sending it are refused"
    : "existing servers still send it and new clients refuse it; handlers returning it no longer compile";
}

function namedIn(schema: Schema, id: string): NamedType {
  const named = schema.types[id];
  if (named === undefined) throw new Error(`the schema has no type ${id}`);
  return named;
}

/** The site of a named type of the new schema. */
export function typeSite(named: NamedType): Site {
  return { kind: "type", id: named.id, name: named.name, declaredIn: named.declaredIn, path: [] };
}
