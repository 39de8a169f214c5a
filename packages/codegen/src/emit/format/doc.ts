/**
 * The document model of the formatter: the elements of Biome's printer (text, lines, groups,
 * indents, conditional content, fills and best-fitting variants), built as a tree. Builders
 * here only describe layout; `print.ts` decides where lines break.
 */

/** Flat: every line of a group prints as nothing or a space. Expanded: lines break. */
export type Mode = "flat" | "expanded";

/**
 * `soft` prints nothing when flat, `softOrSpace` a space; `hard` always breaks, `empty` breaks
 * and leaves one empty line.
 */
export type LineMode = "soft" | "softOrSpace" | "hard" | "empty";

/** Identifies a group for content that depends on whether it broke. */
export type GroupId = symbol;

/** A group: printed flat when it fits on the line, else expanded. */
export interface Group {
  readonly kind: "group";
  readonly contents: Doc;
  readonly id: GroupId | undefined;
  /** Asked to expand by its builder, as Biome's `should_expand`. */
  readonly explicit: boolean;
  /** Expands when printed: `explicit`, or set by {@link propagateExpand}. */
  expand: boolean;
}

/** A layout element. A string is text without line breaks; an array, its elements in order. */
export type Doc =
  | string
  | readonly Doc[]
  | Group
  | { readonly kind: "space"; readonly hard: boolean }
  | { readonly kind: "line"; readonly mode: LineMode }
  | { readonly kind: "indent"; readonly contents: Doc }
  | {
      readonly kind: "conditional";
      readonly contents: Doc;
      readonly mode: Mode;
      readonly groupId: GroupId | undefined;
    }
  | { readonly kind: "indentIfGroupBreaks"; readonly contents: Doc; readonly groupId: GroupId }
  | { readonly kind: "fill"; readonly parts: readonly Doc[] }
  | { readonly kind: "bestFitting"; readonly variants: readonly Doc[] }
  | { readonly kind: "expandParent" };

/** A space, dropped at the start of a line. */
export const space: Doc = { kind: "space", hard: false };
/** A space that counts towards the line width as soon as it is measured (Biome's hard_space). */
export const hardSpace: Doc = { kind: "space", hard: true };
/** Nothing when the enclosing group is flat, a line break when it is expanded. */
export const softline: Doc = { kind: "line", mode: "soft" };
/** A space when the enclosing group is flat, a line break when it is expanded. */
export const line: Doc = { kind: "line", mode: "softOrSpace" };
/** Always a line break; expands every enclosing group. */
export const hardline: Doc = { kind: "line", mode: "hard" };
/** A line break and at most one empty line. */
export const emptyLine: Doc = { kind: "line", mode: "empty" };
/** Expands the enclosing group without printing anything. */
export const expandParent: Doc = { kind: "expandParent" };

/** A group of `contents`; `expand` forces it expanded. */
export function group(contents: Doc, options: { expand?: boolean; id?: GroupId } = {}): Group {
  const explicit = options.expand === true;
  return { kind: "group", contents, id: options.id, explicit, expand: explicit };
}

/** `contents` one level deeper after each line break inside it. */
export function indent(contents: Doc): Doc {
  return { kind: "indent", contents };
}

/** `contents` on lines of their own, indented, when the enclosing group breaks. */
export function softBlockIndent(contents: Doc): Doc {
  return [indent([softline, contents]), softline];
}

/** As {@link softBlockIndent}, with spaces inside the delimiters when flat (`{ a }`). */
export function softSpaceBlockIndent(contents: Doc): Doc {
  return [indent([line, contents]), line];
}

/** `contents` on lines of their own, indented, always. */
export function blockIndent(contents: Doc): Doc {
  return [indent([hardline, contents]), hardline];
}

/** `contents` only when the group (the enclosing one by default) breaks. */
export function ifBreak(contents: Doc, groupId?: GroupId): Doc {
  return { kind: "conditional", contents, mode: "expanded", groupId };
}

/** `contents` only when the group (the enclosing one by default) stays flat. */
export function ifFlat(contents: Doc, groupId?: GroupId): Doc {
  return { kind: "conditional", contents, mode: "flat", groupId };
}

/** `contents` indented when the group `groupId` breaks. */
export function indentIfBreak(contents: Doc, groupId: GroupId): Doc {
  return { kind: "indentIfGroupBreaks", contents, groupId };
}

/** Items and separators alternating: as many items per line as fit. */
export function fill(parts: readonly Doc[]): Doc {
  return { kind: "fill", parts };
}

/**
 * The first variant that fits flat, else the last one, expanded. Expansion never propagates
 * out of a best-fitting element.
 */
export function bestFitting(variants: readonly Doc[]): Doc {
  return { kind: "bestFitting", variants };
}

/** `docs` separated by `separator`. */
export function join(separator: Doc, docs: readonly Doc[]): Doc[] {
  return docs.flatMap((doc, i) => (i === 0 ? [doc] : [separator, doc]));
}

/**
 * True when `doc` will break whatever the width: it holds a hard line, an explicitly expanded
 * group or `expandParent` (as Biome's `will_break`, which looks into the flattest variant of a
 * best-fitting element only).
 */
export function willBreak(doc: Doc): boolean {
  if (typeof doc === "string") return false;
  if (isArray(doc)) return doc.some(willBreak);
  switch (doc.kind) {
    case "space":
      return false;
    case "line":
      return doc.mode === "hard" || doc.mode === "empty";
    case "expandParent":
      return true;
    case "group":
      return doc.explicit || willBreak(doc.contents);
    case "fill":
      return doc.parts.some(willBreak);
    case "bestFitting":
      return doc.variants[0] !== undefined && willBreak(doc.variants[0]);
    default:
      return willBreak(doc.contents);
  }
}

/**
 * Marks every group expanded that holds something that breaks (a hard line, an expanded group),
 * as Biome does before printing. Best-fitting variants are marked inside but never expand what
 * encloses them. A group shared by several variants is visited once; what it decided holds
 * wherever it appears.
 */
export function propagateExpand(doc: Doc, visited = new Set<Group>()): boolean {
  if (typeof doc === "string") return false;
  if (isArray(doc)) {
    let expands = false;
    for (const part of doc) expands = propagateExpand(part, visited) || expands;
    return expands;
  }
  switch (doc.kind) {
    case "space":
      return false;
    case "line":
      return doc.mode === "hard" || doc.mode === "empty";
    case "expandParent":
      return true;
    case "group":
      if (!visited.has(doc)) {
        visited.add(doc);
        if (propagateExpand(doc.contents, visited)) doc.expand = true;
      }
      return doc.expand;
    case "fill":
      return propagateExpand(doc.parts, visited);
    case "bestFitting":
      for (const variant of doc.variants) propagateExpand(variant, visited);
      return false;
    default:
      return propagateExpand(doc.contents, visited);
  }
}

/**
 * `doc` with its soft line breaks removed and its soft-or-space breaks made spaces, as Biome's
 * RemoveSoftLinesBuffer: content only printed when a group breaks is dropped, the flattest
 * variant of a best-fitting element kept.
 */
export function removeSoftLines(doc: Doc): Doc {
  if (typeof doc === "string") return doc;
  if (isArray(doc)) return doc.map(removeSoftLines);
  switch (doc.kind) {
    case "line":
      if (doc.mode === "soft") return [];
      return doc.mode === "softOrSpace" ? space : doc;
    case "space":
    case "expandParent":
      return doc;
    case "group": {
      const cleaned = group(removeSoftLines(doc.contents), { expand: doc.explicit });
      return doc.id === undefined ? cleaned : { ...cleaned, id: doc.id };
    }
    case "conditional":
      return doc.mode === "flat" ? removeSoftLines(doc.contents) : [];
    case "fill":
      return removeSoftLines(doc.parts);
    case "bestFitting":
      return removeSoftLines(doc.variants[0] ?? []);
    default:
      return { ...doc, contents: removeSoftLines(doc.contents) };
  }
}

/** Narrows a doc to an array (`Array.isArray` does not narrow readonly arrays). */
export function isArray(doc: Doc): doc is readonly Doc[] {
  return Array.isArray(doc);
}
