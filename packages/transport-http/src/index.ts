/**
 * @rpcgen/transport-http: rpcgen over HTTP. This entry is the browser-safe client,
 * {@link httpTransport}, built on `fetch` alone; the Node server (`listenHttp`,
 * `httpHandler`, `fastifyPlugin`) is `@rpcgen/transport-http/server`. The mapping is in
 * docs/http.md.
 */
export {
  type HttpTransport,
  type HttpTransportOptions,
  httpTransport,
} from "./client/transport.js";
export {
  codeOfHttpStatus,
  httpStatusOf,
  streamContentTypes,
  streamingInputUnsupported,
  timeoutHeader,
  trailerPrefix,
  unaryContentTypes,
} from "./protocol.js";
