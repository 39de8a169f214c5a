import { builtinObject, literalUnion } from "../reflection/builtin-schemas.js";
import type { SchemaDocument } from "../reflection/schema-document.js";
import { healthServiceName } from "./health-service.js";

const request = { name: "req", type: { kind: "ref", id: "HealthCheckRequest" }, optional: false };

// Written out in full (not typed as SchemaService) so the IR keeps every field tools read.
const services = [
  {
    name: healthServiceName,
    importFrom: "@rpcgen/runtime",
    doc: "Whether the server, or one service on it, takes calls.",
    methods: [
      {
        name: "check",
        kind: "unary",
        doc: "The status now.",
        params: [request],
        response: { kind: "ref", id: "HealthStatus" },
      },
      {
        name: "watch",
        kind: "server_stream",
        doc: "The status now, then every change, until the server drains.",
        params: [request],
        response: { kind: "ref", id: "HealthStatus" },
      },
    ],
  },
] as const;

/** The schema IR of the health service, served by reflection when both are added. */
export const healthSchema: SchemaDocument = {
  schemaVersion: 1,
  source: "@rpcgen/runtime",
  types: {
    HealthCheckRequest: builtinObject("HealthCheckRequest", [
      { name: "service", type: { kind: "string" }, optional: true },
    ]),
    HealthStatus: builtinObject("HealthStatus", [
      { name: "status", type: literalUnion(["serving", "not_serving"]) },
    ]),
  },
  services,
};
