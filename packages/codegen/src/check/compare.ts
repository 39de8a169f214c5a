import type { ErrorType, Method, Schema, Service } from "../ir/schema.js";
import { type At, TypeComparer } from "./compare-types.js";
import { type Finding, Findings, type Site } from "./findings.js";
import { sameShape } from "./same-shape.js";

/**
 * Every change from `old` to `next` that matters to callers: services and methods matched by
 * name, parameters by name (by position when a method has one), types by structure. Breaking
 * and safe changes alike, in the order of the new schema.
 */
export function compareSchemas(old: Schema, next: Schema): Finding[] {
  const findings = new Findings();
  const types = new TypeComparer(old, next, findings);
  for (const service of next.services) {
    const before = old.services.find((s) => s.name === service.name);
    if (before === undefined) {
      findings.add(
        "service-added",
        { kind: "service", service: service.name },
        `${service.name} is new`,
      );
      continue;
    }
    compareService(before, service, { old, next, findings, types });
  }
  for (const service of old.services) {
    if (!next.services.some((s) => s.name === service.name)) {
      findings.add(
        "service-removed",
        { kind: "file" },
        `${service.name} was removed: existing clients calling it get unimplemented`,
      );
    }
  }
  return findings.list();
}

interface Context {
  readonly old: Schema;
  readonly next: Schema;
  readonly findings: Findings;
  readonly types: TypeComparer;
}

function compareService(before: Service, after: Service, ctx: Context): void {
  const serviceSite: Site = { kind: "service", service: after.name };
  const removed = before.methods.filter((m) => !after.methods.some((n) => n.name === m.name));
  const added = after.methods.filter((m) => !before.methods.some((n) => n.name === m.name));
  const renamedTo = new Map<Method, Method>();
  for (const m of removed) {
    const taken = new Set(renamedTo.values());
    const twin = added.find((n) => !taken.has(n) && sameMethod(m, n, ctx));
    if (twin !== undefined) renamedTo.set(m, twin);
  }
  const renamedTargets = new Set(renamedTo.values());
  for (const method of after.methods) {
    const site: Site = { kind: "method", service: after.name, method: method.name };
    const old = before.methods.find((m) => m.name === method.name);
    if (old !== undefined) {
      compareMethod(old, method, after.name, ctx);
    } else if (renamedTargets.has(method)) {
      const from = [...renamedTo].find(([, n]) => n === method)![0];
      ctx.findings.add(
        "method-renamed",
        site,
        `${after.name}.${from.name} was renamed ${method.name}: existing clients still call ${from.name}`,
      );
    } else {
      ctx.findings.add("method-added", site, `${after.name}.${method.name} is new`);
    }
  }
  for (const m of removed) {
    if (renamedTo.has(m)) continue;
    ctx.findings.add(
      "method-removed",
      serviceSite,
      `${after.name}.${m.name} was removed: existing clients calling it get unimplemented`,
    );
  }
}

function compareMethod(before: Method, after: Method, service: string, ctx: Context): void {
  const name = `${service}.${after.name}`;
  const site: Site = { kind: "method", service, method: after.name };
  if (before.kind !== after.kind) {
    ctx.findings.add(
      "stream-kind-changed",
      site,
      `${name} changed from ${before.kind} to ${after.kind}: existing clients call it as ${before.kind}`,
    );
    return;
  }
  compareParams(before, after, service, ctx);
  const at: At = {
    dir: "response",
    site: { kind: "response", service, method: after.name, path: [] },
    via: name,
  };
  ctx.types.compare(before.response, after.response, at);
  compareErrors(before, after, service, ctx);
}

/**
 * The errors a method declares, by name. A new one breaks callers that switch over the
 * method's errors exhaustively: they have no case for it. A removed one is safe (its case is
 * never taken). An error kept is compared like a response: its code, then its details, which
 * travel from server to client.
 */
function compareErrors(before: Method, after: Method, service: string, ctx: Context): void {
  const name = `${service}.${after.name}`;
  const site: Site = { kind: "method", service, method: after.name };
  const old = before.errors ?? [];
  const next = after.errors ?? [];
  for (const error of next) {
    const type = errorOf(ctx.next, error);
    if (!old.includes(error)) {
      ctx.findings.add(
        "error-added",
        site,
        `${name} declares a new error, ${error} (${type.code}): exhaustive callers (a switch over the method's errors) miss it, and clients generated before receive it as a plain ${type.code} error`,
      );
      continue;
    }
    const was = errorOf(ctx.old, error);
    const errorSite: Site = {
      kind: "type",
      id: error,
      name: error,
      declaredIn: type.declaredIn,
      path: [],
    };
    if (was.code !== type.code) {
      ctx.findings.add(
        "error-code-changed",
        { ...errorSite, path: ["code"] },
        `${error}'s code changed from ${was.code} to ${type.code} (declared by ${name}): existing clients no longer recognize it as ${error}, and callers reading the code see another`,
        name,
      );
    }
    ctx.types.compare(was.details, type.details, { dir: "response", site: errorSite, via: name });
  }
  for (const error of old) {
    if (next.includes(error)) continue;
    ctx.findings.add(
      "error-removed",
      site,
      `${name} no longer declares ${error}: callers' case for it is never taken`,
    );
  }
}

function errorOf(schema: Schema, name: string): ErrorType {
  const type =
    schema.errors !== undefined && Object.hasOwn(schema.errors, name)
      ? schema.errors[name]
      : undefined;
  if (type === undefined) throw new Error(`the schema declares no error named ${name}`);
  return type;
}

function compareParams(before: Method, after: Method, service: string, ctx: Context): void {
  const name = `${service}.${after.name}`;
  const site: Site = { kind: "method", service, method: after.name };
  const single = (m: Method) => m.params.length === 1;
  if (single(before) !== single(after)) {
    ctx.findings.add(
      "parameters-reshaped",
      site,
      `${name} went from ${before.params.length} parameter(s) to ${after.params.length}: the request is ${single(after) ? "now the argument itself, no longer an object of named parameters" : "now an object of named parameters, no longer the argument itself"}, so existing clients' requests no longer fit`,
    );
    return;
  }
  // One parameter: the message is the argument itself, whatever its name.
  const pairs = single(after)
    ? [[before.params[0]!, after.params[0]!] as const]
    : after.params.flatMap((p) => {
        const q = before.params.find((x) => x.name === p.name);
        return q === undefined ? [] : [[q, p] as const];
      });
  for (const p of after.params) {
    if (single(after) || before.params.some((q) => q.name === p.name)) continue;
    const paramSite: Site = { kind: "param", service, method: after.name, param: p.name, path: [] };
    if (p.optional) {
      ctx.findings.add(
        "optional-parameter-added",
        paramSite,
        `${name}(${p.name}) is a new optional parameter`,
      );
    } else {
      ctx.findings.add(
        "parameter-added",
        paramSite,
        `${name}(${p.name}) is a new required parameter: existing clients do not send it`,
      );
    }
  }
  for (const q of before.params) {
    if (single(after) || after.params.some((p) => p.name === q.name)) continue;
    ctx.findings.add(
      "parameter-removed",
      site,
      `${name}(${q.name}) was removed: what existing clients send in it is dropped`,
    );
  }
  for (const [q, p] of pairs) {
    const paramSite: Site = { kind: "param", service, method: after.name, param: p.name, path: [] };
    if (q.optional && !p.optional) {
      ctx.findings.add(
        "parameter-required",
        paramSite,
        `${name}(${p.name}) became required: existing clients may leave it out`,
      );
    } else if (!q.optional && p.optional) {
      ctx.findings.add("parameter-optional", paramSite, `${name}(${p.name}) became optional`);
    }
    ctx.types.compare(q.type, p.type, { dir: "request", site: paramSite, via: name });
  }
}

/** A removed and an added method with the same kind and the same message shapes: a rename. */
function sameMethod(a: Method, b: Method, ctx: Context): boolean {
  if (a.kind !== b.kind || a.params.length !== b.params.length) return false;
  return (
    a.params.every(
      (p, i) =>
        p.optional === b.params[i]!.optional &&
        (a.params.length === 1 || p.name === b.params[i]!.name) &&
        sameShape(ctx.old, p.type, ctx.next, b.params[i]!.type),
    ) && sameShape(ctx.old, a.response, ctx.next, b.response)
  );
}
