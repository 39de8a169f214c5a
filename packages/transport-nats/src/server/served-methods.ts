import type { MethodKind, Server, ServiceDescriptor } from "@rpcgen/runtime";

/** One method a replica answers for. */
export interface ServedMethod {
  /** `Service/method`. */
  readonly path: string;
  readonly service: string;
  readonly method: string;
  readonly kind: MethodKind;
}

/** The methods to serve: those of `services` when given, else of every service the server has. */
export function servedMethods(
  server: Server,
  services: readonly ServiceDescriptor[] | undefined,
): ServedMethod[] {
  return (services ?? [...server.services.values()]).flatMap((service) =>
    Object.values(service.methods).map((m) => ({
      path: `${service.name}/${m.name}`,
      service: service.name,
      method: m.name,
      kind: m.kind,
    })),
  );
}
