import { type RuleName, rules } from "./rules.js";

/**
 * Where a change is, in terms of the new version's IDL: a service, a method, a parameter or a
 * response (with a property path into an inline type), or a named type (with a property path).
 * `locate` turns it into a file, line and column.
 */
export type Site =
  | { readonly kind: "file" }
  | { readonly kind: "service"; readonly service: string }
  | { readonly kind: "method"; readonly service: string; readonly method: string }
  | {
      readonly kind: "param";
      readonly service: string;
      readonly method: string;
      readonly param: string;
      readonly path: readonly string[];
    }
  | {
      readonly kind: "response";
      readonly service: string;
      readonly method: string;
      readonly path: readonly string[];
    }
  | {
      readonly kind: "type";
      /** The named type's id, as messages show it (`Page<Route>`). */
      readonly id: string;
      /** Its declared name, as the IDL spells it (`Page`). */
      readonly name: string;
      /** The file declaring it, relative to the schema's directory, or a package name. */
      readonly declaredIn: string;
      readonly path: readonly string[];
    };

/** One change between the old and the new version. */
export interface Finding {
  readonly rule: RuleName;
  readonly breaking: boolean;
  readonly site: Site;
  /** What changed, and who it breaks. */
  readonly message: string;
  /** The methods (`Service.method`) whose messages reach the change, for a change in a type. */
  readonly via: string[];
}

/** Collects findings, one per rule, site and message, merging the methods that reach each. */
export class Findings {
  readonly #byKey = new Map<string, Finding>();

  /** Records a finding (or adds `via` to the same one found through another method). */
  add(rule: RuleName, site: Site, message: string, via?: string): Finding {
    const key = `${rule}\u0000${JSON.stringify(site)}\u0000${message}`;
    let finding = this.#byKey.get(key);
    if (finding === undefined) {
      finding = { rule, breaking: rules[rule].breaking, site, message, via: [] };
      this.#byKey.set(key, finding);
    }
    if (via !== undefined && !finding.via.includes(via)) finding.via.push(via);
    return finding;
  }

  /** Every finding, in the order first found. */
  list(): Finding[] {
    return [...this.#byKey.values()];
  }
}

/** A site as words: `PathService.shortestPath(req).from.lat`, `PathRequest.avoid`. */
export function siteLabel(site: Site): string {
  switch (site.kind) {
    case "file":
      return "the file";
    case "service":
      return site.service;
    case "method":
      return `${site.service}.${site.method}`;
    case "param":
      return joinPath(`${site.service}.${site.method}(${site.param})`, site.path);
    case "response":
      return joinPath(`the response of ${site.service}.${site.method}`, site.path);
    case "type":
      return joinPath(site.id, site.path);
  }
}

function joinPath(head: string, path: readonly string[]): string {
  return path.reduce(
    (text, part) => (part.startsWith("[") ? `${text}${part}` : `${text}.${part}`),
    head,
  );
}

/** `site` one step deeper: a property name, or `[]`, `[key]`, `[value]`, `[0]`. */
export function deeper(site: Site, part: string): Site {
  if (site.kind === "param" || site.kind === "response" || site.kind === "type") {
    return { ...site, path: [...site.path, part] };
  }
  return site;
}
