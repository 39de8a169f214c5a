import type { NatsConnection } from "@nats-io/transport-node";
import type { ServiceDescriptor } from "@rpcgen/runtime";

/** Options for {@link serveNats}. */
export interface ServeNatsOptions {
  /**
   * The NATS servers, as `nats://host:port` URLs (a comma-separated string or a list) or
   * `host:port`; several are tried in turn and reconnected to.
   */
  readonly servers?: string | readonly string[];
  /** Use this NATS connection instead of making one; {@link NatsServer.close} leaves it open. */
  readonly connection?: NatsConnection;
  /**
   * The queue group every method subject is subscribed in: replicas in the same group share
   * the calls, each going to one of them. Default `"rpcgen"`.
   */
  readonly queue?: string;
  /** First token of every subject. Default `"rpcgen"`; clients must use the same. */
  readonly subjectPrefix?: string;
  /**
   * The services to serve. Default: every service added to the server. Each becomes a service
   * of the NATS service API, each method one of its endpoints.
   */
  readonly services?: readonly ServiceDescriptor[];
  /** The version the NATS service API reports, semver. Default `"0.0.0"`. */
  readonly version?: string;
  /** Time the connection attempt to NATS may take, in ms. Default 10 000. */
  readonly connectTimeoutMs?: number;
  /** The connection's name in NATS monitoring. Default `"rpcgen server"`. */
  readonly name?: string;
}

/** A server answering on NATS, returned by {@link serveNats}. */
export interface NatsServer {
  /**
   * The NATS server, e.g. `nats://127.0.0.1:4222`, with the subject prefix as its path when
   * it is not the default (`nats://127.0.0.1:4222/orders`): what `natsTransport` takes.
   */
  readonly url: string;
  /** The method subjects this replica answers on. */
  readonly subjects: readonly string[];
  /** This replica's registrations with the NATS service API: service name and instance id. */
  readonly instances: readonly { readonly name: string; readonly id: string }[];
  /** Calls this replica is working on, unary and streams. */
  readonly activeCalls: number;
  /**
   * Graceful shutdown: leaves the queue groups first (NATS then sends new calls to the other
   * replicas, and messages already on their way here are still served), lets the calls in
   * flight finish, fails those left after `graceMs` (default 10 000) with `unavailable`, then
   * drains and closes the NATS connection. Idempotent.
   */
  close(options?: { readonly graceMs?: number }): Promise<void>;
}
