import type { NatsConnection } from "@nats-io/transport-node";
import type { CodecName, SessionLimits } from "@rpcgen/runtime";

/** Options for {@link natsTransport}. */
export interface NatsTransportOptions {
  /**
   * The NATS servers, as `nats://host:port` URLs or `host:port`; several are tried in turn and
   * reconnected to. Taken from the URL when {@link natsTransport} is given one.
   */
  readonly servers?: string | readonly string[];
  /** Use this NATS connection instead of making one; {@link NatsTransport.close} leaves it open. */
  readonly connection?: NatsConnection;
  /** Codec of requests and replies. Default `"msgpack"`. */
  readonly codec?: CodecName;
  /**
   * Limits of the client's stream sessions and of replies; unset ones take the runtime's
   * defaults, except keepalive, which follows {@link heartbeatMs}.
   */
  readonly limits?: Partial<SessionLimits>;
  /**
   * How often a replica signals life for each call it is working on, in ms. A call that hears
   * nothing (no reply, no heartbeat) for twice this long fails `unavailable`: its replica is
   * gone. Streams use it as their session keepalive. Default 2000: a replica whose event loop
   * is blocked for 4 s counts as dead, so a handler that computes for longer must yield.
   */
  readonly heartbeatMs?: number;
  /** First token of every subject. Default `"rpcgen"`; servers must use the same. */
  readonly subjectPrefix?: string;
  /** Time one connection attempt to NATS may take, in ms. Default 10 000. */
  readonly connectTimeoutMs?: number;
  /** The connection's name in NATS monitoring. Default `"rpcgen client"`. */
  readonly name?: string;
}
