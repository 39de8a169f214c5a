import type { IncomingMessage, ServerResponse } from "node:http";
import type { Server } from "@rpcgen/runtime";
import { createHandler, type HttpHandlerOptions } from "./handler.js";

/** Options for {@link fastifyPlugin}: those of the handler; `prefix` is strongly advised. */
export type FastifyPluginOptions = HttpHandlerOptions;

/** The part of a Fastify instance the plugin uses, so the package needs no Fastify import. */
export interface FastifyInstanceLike {
  addHook(
    name: "onRequest",
    hook: (
      request: { readonly raw: IncomingMessage },
      reply: { readonly raw: ServerResponse; hijack(): unknown },
      done: (error?: Error) => void,
    ) => void,
  ): unknown;
}

/** A Fastify plugin function, marked to share the root scope like `fastify-plugin` does. */
export type FastifyPluginLike = ((
  instance: FastifyInstanceLike,
  options: unknown,
  done: (error?: Error) => void,
) => void) & { readonly [key: symbol]: unknown };

/**
 * Serves `server` inside Fastify: `await app.register(fastifyPlugin(server, { prefix:
 * "/rpc" }))`. Requests under the prefix are taken over in an `onRequest` hook, before
 * Fastify parses the body (the handler reads and bounds it itself) and with `reply.hijack()`,
 * so Fastify sends nothing for them; every other request continues through Fastify's routes.
 * The plugin skips Fastify's encapsulation so the hook sees requests for any route, also
 * those that match none.
 */
export function fastifyPlugin(
  server: Server,
  options: FastifyPluginOptions = {},
): FastifyPluginLike {
  const handler = createHandler(server, options, undefined);
  const plugin = (
    instance: FastifyInstanceLike,
    _options: unknown,
    done: (error?: Error) => void,
  ) => {
    instance.addHook("onRequest", (request, reply, next) => {
      // The handler passes a request that is not under the prefix on synchronously.
      let passed = false;
      handler(request.raw, reply.raw, () => {
        passed = true;
      });
      if (passed) next();
      else reply.hijack();
    });
    done();
  };
  return Object.assign(plugin, { [Symbol.for("skip-override")]: true });
}
