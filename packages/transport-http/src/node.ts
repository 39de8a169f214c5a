/**
 * @rpcgen/transport-http/node: the HTTP client for Node. {@link httpTransport} here has the
 * same contract as the main entry's fetch client but sends on node:http / node:https with a
 * keep-alive agent of its own, which costs far less CPU per call than Node's fetch
 * (docs/http.md, "Which client"). Node only; browsers, Deno and workers use the main entry.
 */
export type { HttpTransport } from "./client/mapping.js";
export {
  defaultMaxSockets,
  httpTransport,
  type NodeHttpTransportOptions,
} from "./node/transport.js";
export {
  codeOfHttpStatus,
  httpStatusOf,
  streamContentTypes,
  streamingInputUnsupported,
  timeoutHeader,
  trailerPrefix,
  unaryContentTypes,
} from "./protocol.js";
