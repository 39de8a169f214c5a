import type { Attributes, SpanKind, SpanOptions } from "@opentelemetry/api";
import type { Conventions } from "./conventions.js";
import { callAttributes, spanName } from "./semconv.js";

/** What every span of one method starts with: its name and its start options. */
export interface SpanTemplate {
  readonly name: string;
  readonly options: SpanOptions;
}

/**
 * Span names and start attributes per method, built on a method's first call and shared by
 * the later ones, so a traced call allocates no attribute objects of its own. Only methods a
 * descriptor declares reach an interceptor (the server refuses unknown ones before), so the
 * cache is as large as the services, not as the traffic.
 */
export class SpanTemplates {
  readonly #kind: SpanKind;
  readonly #conventions: Conventions;
  readonly #extra: Attributes;
  readonly #byService = new Map<string, Map<string, SpanTemplate>>();

  constructor(kind: SpanKind, conventions: Conventions, extra: Attributes) {
    this.#kind = kind;
    this.#conventions = conventions;
    this.#extra = extra;
  }

  get(service: string, method: string): SpanTemplate {
    let methods = this.#byService.get(service);
    if (methods === undefined) {
      methods = new Map();
      this.#byService.set(service, methods);
    }
    let template = methods.get(method);
    if (template === undefined) {
      const attributes = Object.freeze({
        ...callAttributes(this.#conventions, service, method),
        ...this.#extra,
      });
      template = { name: spanName(service, method), options: { kind: this.#kind, attributes } };
      methods.set(method, template);
    }
    return template;
  }
}
