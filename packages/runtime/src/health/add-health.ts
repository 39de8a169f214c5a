import type { ServiceDescriptor } from "../descriptor.js";
import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";
import { recordBuiltinSchema } from "../reflection/builtin-schemas.js";
import type { CallContext } from "../server/handlers.js";
import type { Server } from "../server/server.js";
import { healthSchema } from "./health-schema.js";
import {
  type HealthCheckRequest,
  type HealthService,
  HealthServiceDef,
  type HealthStatus,
  type ServingStatus,
} from "./health-service.js";

/** Options for {@link addHealth}. */
export interface HealthOptions {
  /**
   * The services to report on, by descriptor or wire name; each starts `serving`. The server
   * as a whole (`""`) is always known. Others can be added later with {@link Health.set}.
   */
  readonly services?: readonly (string | ServiceDescriptor)[];
}

/** The server side of the health service: set statuses, drain. */
export interface Health {
  /**
   * Sets a service's status (`""`: the server as a whole), adding the service if it is new;
   * open watches hear of the change. Ignored once draining: a draining server stays
   * `not_serving`.
   */
  set(service: string, status: ServingStatus): void;
  /** A service's status now, or `undefined` for one the health service does not know. */
  status(service?: string): ServingStatus | undefined;
  /**
   * Marks the server and every service `not_serving`, tells open watches, and ends them so
   * they do not hold the shutdown up. `server.close()` calls it first; call it yourself before
   * closing a listener, which drains connections without closing the server.
   */
  drain(): void;
  /** True once {@link drain} ran. */
  readonly draining: boolean;
}

/**
 * Registers the health service (`RpcgenHealth`) on `server` and returns its controls. The
 * server's `close` is wrapped so a shutdown flips every status to `not_serving` before the
 * connections drain. When reflection is added to the same server, it describes this service
 * too.
 */
export function addHealth(server: Server, options: HealthOptions = {}): Health {
  const statuses = new Map<string, ServingStatus>([["", "serving"]]);
  for (const service of options.services ?? []) {
    statuses.set(typeof service === "string" ? service : service.name, "serving");
  }
  const waiters = new Set<() => void>();
  let draining = false;
  const wake = () => {
    for (const waiter of [...waiters]) waiter();
  };

  const health: Health = {
    set(service, status) {
      if (draining || statuses.get(service) === status) return;
      statuses.set(service, status);
      wake();
    },
    status: (service = "") => statuses.get(service),
    drain() {
      if (draining) return;
      draining = true;
      for (const name of statuses.keys()) statuses.set(name, "not_serving");
      wake();
    },
    get draining() {
      return draining;
    },
  };

  const current = (req: HealthCheckRequest): ServingStatus => {
    const status = statuses.get(req.service ?? "");
    if (status === undefined) {
      throw new RpcError(
        RpcCode.NotFound,
        `the health service knows no service ${JSON.stringify(req.service)}`,
      );
    }
    return status;
  };

  /** Resolves on the next status change or drain, or when the call ends. */
  const changed = (signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      const done = () => {
        waiters.delete(done);
        signal.removeEventListener("abort", done);
        resolve();
      };
      waiters.add(done);
      signal.addEventListener("abort", done);
    });

  const implementation = {
    check: (req: HealthCheckRequest): HealthStatus => ({ status: current(req) }),
    async *watch(req: HealthCheckRequest, ctx: CallContext): AsyncGenerator<HealthStatus> {
      let last = current(req);
      yield { status: last };
      for (;;) {
        // Checked before each wait: a change may have come while the last item was sent.
        const now = current(req);
        if (now !== last) {
          last = now;
          yield { status: now };
          continue;
        }
        // Draining, the last status sent is the final not_serving.
        if (draining || ctx.signal.aborted) return;
        await changed(ctx.signal);
      }
    },
  };
  server.add<HealthService>(HealthServiceDef, implementation);
  recordBuiltinSchema(server, healthSchema);

  const close = server.close.bind(server);
  server.close = (closeOptions) => {
    health.drain();
    return close(closeOptions);
  };
  return health;
}
