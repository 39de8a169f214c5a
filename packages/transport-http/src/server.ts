/**
 * @rpcgen/transport-http/server: serve rpcgen over HTTP from Node. {@link listenHttp} runs a
 * node:http server; {@link httpHandler} mounts in node:http or Express, and
 * {@link fastifyPlugin} in Fastify. Node only: the client is the package's main entry.
 */

export {
  streamContentTypes,
  streamingInputUnsupported,
  timeoutHeader,
  trailerPrefix,
  unaryContentTypes,
} from "./protocol.js";
export type { CorsOptions } from "./server/cors.js";
export {
  type FastifyInstanceLike,
  type FastifyPluginLike,
  type FastifyPluginOptions,
  fastifyPlugin,
} from "./server/fastify.js";
export { type HttpHandler, type HttpHandlerOptions, httpHandler } from "./server/handler.js";
export { type HttpListener, type ListenHttpOptions, listenHttp } from "./server/listen.js";
