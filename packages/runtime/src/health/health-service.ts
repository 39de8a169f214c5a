import { dropUnknown, expected, expectedValue, isPlainObject } from "../decode-helpers.js";
import type { ServiceDescriptor } from "../descriptor.js";

/** Whether a service takes calls. */
export type ServingStatus = "serving" | "not_serving";

/** Which status to report: a service by wire name, or the server as a whole when absent or `""`. */
export interface HealthCheckRequest {
  readonly service?: string;
}

/** A status report. */
export interface HealthStatus {
  readonly status: ServingStatus;
}

/**
 * The health service: whether the server, or one service on it, takes calls. A load balancer
 * or an orchestrator polls `check` or keeps a `watch` open to hear of a drain at once.
 */
export interface HealthService {
  /** The status now; `not_found` for a service the health service does not know. */
  check(req: HealthCheckRequest): Promise<HealthStatus>;
  /**
   * The status now, then every change; ends after reporting `not_serving` when the server
   * drains, so an open watch never holds a shutdown up.
   */
  watch(req: HealthCheckRequest): AsyncIterable<HealthStatus>;
}

/** The wire name of the health service. */
export const healthServiceName = "RpcgenHealth";

const requestKeys: ReadonlySet<string> = new Set(["service"]);

function decodeRequest(value: unknown): HealthCheckRequest {
  if (!isPlainObject(value)) expected("req", "object", value);
  if (value.service !== undefined && typeof value.service !== "string") {
    expected("req.service", "string", value.service);
  }
  dropUnknown(value, requestKeys);
  return value as HealthCheckRequest;
}

function decodeStatus(value: unknown): HealthStatus {
  if (!isPlainObject(value)) expected("response", "object", value);
  if (value.status !== "serving" && value.status !== "not_serving") {
    expectedValue("response.status", '"serving" | "not_serving"', value.status);
  }
  return value as unknown as HealthStatus;
}

/** The descriptor of {@link HealthService}, for clients and for `server.add`. */
export const HealthServiceDef: ServiceDescriptor<HealthService> = {
  name: healthServiceName,
  methods: {
    check: {
      name: "check",
      kind: "unary",
      params: ["req"],
      decodeRequest,
      decodeResponse: decodeStatus,
    },
    watch: {
      name: "watch",
      kind: "server_stream",
      params: ["req"],
      decodeRequest,
      decodeResponse: decodeStatus,
    },
  },
};
