import { connect } from "@nats-io/transport-node";
import { RpcCode, RpcError } from "@rpcgen/runtime";
import { resolveTarget } from "./target.js";
import { defaultSubjectPrefix, serviceApiName } from "./wire.js";

/** One method of one replica, as `$SRV.STATS` reports it. */
export interface EndpointStats {
  /** The method's name. */
  readonly name: string;
  /** Its subject, e.g. `rpcgen.PathService.shortestPath`. */
  readonly subject: string;
  /** Calls that ended on this replica. */
  readonly calls: number;
  /** Of those, calls that ended with an error. */
  readonly errors: number;
  /** Mean time from a call's arrival to its end, in ms. */
  readonly averageLatencyMs: number;
}

/** One running replica of a service. */
export interface ReplicaStats {
  /** The replica's instance id in the NATS service API. */
  readonly id: string;
  readonly version: string;
  readonly endpoints: readonly EndpointStats[];
}

/**
 * Lists the running replicas of `service` with their per-method counts, by asking
 * `$SRV.STATS.<service>` on the NATS server `target` names (a URL such as a replica's `url`,
 * whose path is the subject prefix, or `{ servers }`) and keeping the answers of replicas under
 * that prefix. Answers are collected until none came for `stallMs` (default 200). Rejects with
 * `unavailable` when NATS cannot be reached.
 */
export async function replicaStats(
  target: string | URL | { readonly servers: string | readonly string[] },
  service: string,
  options: { readonly stallMs?: number; readonly subjectPrefix?: string } = {},
): Promise<ReplicaStats[]> {
  const resolved =
    typeof target === "string" || target instanceof URL
      ? resolveTarget(target, undefined)
      : resolveTarget(undefined, target.servers);
  const prefix = options.subjectPrefix ?? resolved.subjectPrefix ?? defaultSubjectPrefix;
  let nc: Awaited<ReturnType<typeof connect>>;
  try {
    nc = await connect({ servers: resolved.servers });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RpcError(
      RpcCode.Unavailable,
      `cannot connect to ${resolved.servers.join(",")}: ${reason}`,
    );
  }
  try {
    const answers = await nc.requestMany(`$SRV.STATS.${serviceApiName(service)}`, "", {
      strategy: "stall",
      stall: options.stallMs ?? 200,
      maxWait: 10_000,
    });
    const replicas: ReplicaStats[] = [];
    for await (const answer of answers) {
      if (answer.headers?.code === 503) break;
      const record = answer.json<StatsRecord>();
      if (record.metadata?.["rpcgen.prefix"] !== prefix) continue;
      replicas.push({
        id: record.id,
        version: record.version,
        endpoints: (record.endpoints ?? []).map((e) => ({
          name: e.name,
          subject: e.subject,
          calls: e.num_requests,
          errors: e.num_errors,
          averageLatencyMs: e.average_processing_time / 1e6,
        })),
      });
    }
    return replicas;
  } finally {
    await nc.close();
  }
}

/** The part of a `$SRV.STATS` answer read here. */
interface StatsRecord {
  readonly id: string;
  readonly version: string;
  readonly metadata?: Record<string, string>;
  readonly endpoints?: readonly {
    readonly name: string;
    readonly subject: string;
    readonly num_requests: number;
    readonly num_errors: number;
    readonly average_processing_time: number;
  }[];
}
