import { builtinObject, literalUnion } from "./builtin-schemas.js";
import { reflectionServiceName } from "./reflection-service.js";
import type { SchemaDocument } from "./schema-document.js";

// Written out in full (not typed as SchemaService) so the IR keeps every field tools read.
const services = [
  {
    name: reflectionServiceName,
    importFrom: "@rpcgen/runtime",
    doc: "What the server serves, and the schema IR of each service.",
    methods: [
      {
        name: "listServices",
        kind: "unary",
        doc: "Every service with a schema.",
        params: [],
        response: { kind: "array", element: { kind: "ref", id: "ServiceSummary" } },
      },
      {
        name: "schemaOf",
        kind: "unary",
        doc: "The schema of one service and the named types it reaches.",
        params: [{ name: "service", type: { kind: "string" }, optional: false }],
        response: { kind: "unknown" },
      },
    ],
  },
] as const;

/** The schema IR of the reflection service itself, so tools can call it like any other. */
export const reflectionSchema: SchemaDocument = {
  schemaVersion: 1,
  source: "@rpcgen/runtime",
  types: {
    MethodSummary: builtinObject("MethodSummary", [
      { name: "name", type: { kind: "string" } },
      { name: "kind", type: literalUnion(["unary", "server_stream", "client_stream", "bidi"]) },
    ]),
    ServiceSummary: builtinObject("ServiceSummary", [
      { name: "name", type: { kind: "string" } },
      { name: "methods", type: { kind: "array", element: { kind: "ref", id: "MethodSummary" } } },
    ]),
  },
  services,
};
