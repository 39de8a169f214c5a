/**
 * @rpcgen/transport-http: rpcgen over HTTP. This entry is the browser-safe client,
 * {@link httpTransport}, built on `fetch` alone; Node programs get the same client on
 * node:http, far cheaper per call, from `@rpcgen/transport-http/node`, and the server
 * (`listenHttp`, `httpHandler`, `fastifyPlugin`) from `@rpcgen/transport-http/server`. The
 * mapping is in docs/http.md.
 */
export type { HttpTransport } from "./client/mapping.js";
export { type HttpTransportOptions, httpTransport } from "./client/transport.js";
export {
  codeOfHttpStatus,
  httpStatusOf,
  streamContentTypes,
  streamingInputUnsupported,
  timeoutHeader,
  trailerPrefix,
  unaryContentTypes,
} from "./protocol.js";
