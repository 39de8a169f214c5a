import { type MsgHdrs, headers as natsHeaders } from "@nats-io/transport-node";
import { type Metadata, RpcCode, RpcError } from "@rpcgen/runtime";

/** The default first token of every rpcgen subject: `rpcgen.PathService.shortestPath`. */
export const defaultSubjectPrefix = "rpcgen";

/**
 * Header names the transport itself uses. They start with `rpc-`, the prefix metadata keys
 * may not use, so they never collide with an application's metadata.
 */
export const Header = {
  /** The call's remaining time budget in ms; absent for no deadline. */
  timeout: "rpc-timeout",
  /** `msgpack` (the default when absent) or `json`: the codec of the request and its reply. */
  codec: "rpc-codec",
  /** The largest reply frame the caller accepts, in bytes (its `maxFrameBytes`). */
  maxFrame: "rpc-max-frame",
  /** Present on the first message of a stream: it carries the session's client hello. */
  stream: "rpc-stream",
  /** How often the replica must signal life while it works on the call, in ms. */
  heartbeat: "rpc-heartbeat",
  /** On a cancellation: the code the call ended with (`cancelled`, `deadline_exceeded`). */
  reason: "rpc-reason",
} as const;

/** Subject of method `path` (`Service/method`) under `prefix`: `prefix.Service.method`. */
export function methodSubject(prefix: string, path: string): string {
  const slash = path.indexOf("/");
  return `${prefix}.${path.slice(0, slash)}.${path.slice(slash + 1)}`;
}

/**
 * Subject every replica listens on (without a queue group) for cancellations of unary calls:
 * the payload names the reply subject of the call to cancel.
 */
export function cancelSubject(prefix: string): string {
  return `${prefix}._cancel`;
}

const badToken = /[\s*>.]/;

/**
 * Checks that `name` (a service or method name, or a subject prefix when `dots`) can stand in a
 * NATS subject: no whitespace, no wildcards, and no dots except between prefix tokens.
 */
export function checkSubjectToken(what: string, name: string, dots = false): void {
  const tokens = dots ? name.split(".") : [name];
  if (name === "" || tokens.some((t) => t === "" || badToken.test(t))) {
    throw new RangeError(
      `${what} ${JSON.stringify(name)} cannot be part of a NATS subject: it must be non-empty and contain no whitespace, '*', '>'${dots ? " or empty tokens" : " or '.'"}`,
    );
  }
}

/** Default of `rpc-heartbeat` when a request has none. */
export const defaultHeartbeatMs = 2000;

/**
 * Request metadata as NATS headers, one header per key, to which the transport adds its own;
 * `undefined` when there is none (a message without headers is the cheapest to send and read).
 * Throws `invalid_argument` naming the key when a value cannot travel as a header.
 */
export function metadataHeaders(metadata: Metadata | undefined): MsgHdrs | undefined {
  if (metadata === undefined) return undefined;
  const keys = Object.keys(metadata);
  if (keys.length === 0) return undefined;
  const h = natsHeaders();
  for (const key of keys) {
    const value = metadata[key]!;
    if (key.startsWith("rpc-") || /[\s:]/.test(key) || /[\r\n]/.test(value)) {
      throw new RpcError(
        RpcCode.InvalidArgument,
        `metadata ${JSON.stringify(key)} cannot travel as a NATS header: keys must not start with rpc- or contain spaces or ':', values must not contain line breaks`,
      );
    }
    h.set(key, value);
  }
  return h;
}

/** The application's metadata among a message's headers: every header but the `rpc-` ones. */
export function headersMetadata(h: IncomingHeaders | undefined): Metadata | null {
  if (h === undefined) return null;
  let metadata: Metadata | null = null;
  for (const [key, values] of h) {
    if (key.startsWith("rpc-") || values.length === 0) continue;
    metadata ??= {};
    metadata[key.toLowerCase()] = values[0]!;
  }
  return metadata;
}

/** The largest payload the NATS server takes in one message, once connected. */
export function maxPayloadOf(info: { readonly max_payload: number } | undefined): number {
  return info?.max_payload ?? 1024 * 1024;
}

/**
 * What the transport reads of a received message. Both the NATS client and the service
 * library hand messages of this shape (the library's pinned core has its own `Msg` type).
 */
export interface IncomingMsg {
  readonly subject: string;
  readonly reply?: string | undefined;
  readonly data: Uint8Array;
  readonly headers?: IncomingHeaders | undefined;
  string(): string;
}

/** The headers of an {@link IncomingMsg}. */
export interface IncomingHeaders extends Iterable<[string, string[]]> {
  /** The status code of a status message (503: no responders), 0 otherwise. */
  readonly code: number;
  get(key: string): string;
  has(key: string): boolean;
}

/** A name as the NATS service API accepts it: letters, digits, `-` and `_`. */
export function serviceApiName(name: string): string {
  return name.replace(/[^-\w]/g, "_");
}
