/**
 * @rpcgen/runtime: the call engine. Sessions multiplex calls over any frame channel; the
 * server runs handlers from service descriptors; the client turns descriptors into typed
 * methods over any {@link ClientTransport}.
 */
export {
  type BearerAuth,
  type BearerAuthOptions,
  bearerAuth,
} from "./auth/bearer-auth.js";
export { bearerToken, type TokenSource } from "./auth/bearer-token.js";
export {
  type PeerCertificate,
  type TlsSocketLike,
  verifiedPeerCertificate,
  type X509Fields,
} from "./auth/peer-certificate.js";
export type { AuthRule, AuthRules } from "./auth/rules.js";
export type { FrameChannel, FrameSink } from "./channel/frame-channel.js";
export { createMemoryChannelPair } from "./channel/memory.js";
export type {
  CallOptions,
  ClientCallContext,
  ClientInterceptor,
} from "./client/call-options.js";
export { type ClientOf, type ClientOptions, createClient } from "./client/client.js";
export { type CallSpec, type ClientTransport, decodeResponse } from "./client/transport.js";
export type { Codec, CodecOptions } from "./codec/codec.js";
export { jsonCodec } from "./codec/json.js";
export { msgpackCodec } from "./codec/msgpack.js";
export type { CodecName } from "./codec/registry.js";
export type { ReconnectOptions } from "./connection/backoff.js";
export { connectionTransport } from "./connection/connection-transport.js";
export type {
  ConnectionAttempt,
  ConnectionState,
  ConnectionTransport,
  ConnectionTransportOptions,
  Connector,
} from "./connection/connector.js";
export { openSession } from "./connection/handshake.js";
export {
  decodeBigInt,
  decodeBytes,
  decodeDate,
  describeValue,
  dropUnknown,
  expected,
  expectedValue,
  invalidAt,
  isPlainObject,
  toBase64,
} from "./decode-helpers.js";
export {
  type Decoder,
  defineService,
  type Encoder,
  type ErrorDescriptor,
  type ErrorsOf,
  type InterfaceOf,
  type MethodDescriptor,
  type MethodKind,
  method,
  type NoDeclaredErrors,
  type RequestOf,
  type ResponseOf,
  type ServiceDescriptor,
  type ServiceOf,
  type SignatureOf,
} from "./descriptor.js";
export { isRpcCode, RpcCode } from "./errors/code.js";
export type { DeclaredError, DeclaredErrorArgs } from "./errors/declared.js";
export { type ErrorGuards, errorGuards } from "./errors/guards.js";
export {
  maxErrorTypeLength,
  RpcError,
  type RpcErrorOptions,
  type WireError,
} from "./errors/rpc-error.js";
export { checkFields, type FieldSpec, type FieldTable, fieldTable } from "./field-table.js";
export {
  frameHeaderBytes,
  frameLengthAt,
  LengthPrefixedDecoder,
  LengthPrefixedWriter,
  type LengthPrefixedWriterOptions,
} from "./framing/length-prefixed.js";
export { addHealth, type Health, type HealthOptions } from "./health/add-health.js";
export { healthSchema } from "./health/health-schema.js";
export {
  type HealthCheckRequest,
  type HealthService,
  HealthServiceDef,
  type HealthStatus,
  healthServiceName,
  type ServingStatus,
} from "./health/health-service.js";
export { defaultLimits, type SessionLimits } from "./limits.js";
export type { Metadata } from "./metadata.js";
export { decodeObjectUnion, type ObjectUnion, type ObjectUnionMember } from "./object-union.js";
export { FrameType, protocolVersion } from "./protocol/frames.js";
export { addReflection, type ReflectionOptions } from "./reflection/add-reflection.js";
export { reflectionSchema } from "./reflection/reflection-schema.js";
export {
  ReflectionServiceDef,
  reflectionServiceName,
  type ServerReflection,
  type ServiceSummary,
} from "./reflection/reflection-service.js";
export {
  checkSchemaDocument,
  type SchemaDocument,
  type SchemaService,
  schemaForService,
} from "./reflection/schema-document.js";
export type {
  CallContext,
  HandlerResult,
  HandlersOf,
  ServerInterceptor,
} from "./server/handlers.js";
export type { CallRequest, CallResponder, RequestCall } from "./server/request-calls.js";
export {
  createServer,
  type Server,
  type ServerConnection,
  type ServerOptions,
} from "./server/server.js";
export {
  type ClientSession,
  type ClientSessionOptions,
  createClientSession,
} from "./session/client-session.js";
