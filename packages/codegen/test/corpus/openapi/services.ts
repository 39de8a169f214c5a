/**
 * Reading API descriptions over `openapi-types` (OpenAPI 3.0): everywhere a `$ref` may stand, a
 * union of `ReferenceObject` with an object type whose properties are all optional
 * (`SchemaObject`, `ExampleObject`, `HeaderObject`...), records of those, recursive schemas, and
 * extension keys (`x-...`) the types do not declare. Results only: the types hold `any`
 * (`example?: any`), which a request may not. documents.ts has whole documents and writes.
 */
import type { OpenAPIV3 } from "openapi-types";

export interface ApiDescriptions {
  getOperation(api: string, operationId: string): Promise<OpenAPIV3.OperationObject>;
  getPathItem(api: string, path: string): Promise<OpenAPIV3.PathItemObject>;
  getSchema(
    api: string,
    schema: string,
  ): Promise<OpenAPIV3.ReferenceObject | OpenAPIV3.SchemaObject>;
  getComponents(api: string): Promise<OpenAPIV3.ComponentsObject>;
}
