/**
 * Whole OpenAPI 3.0 documents over `openapi-types`, read and written. Refused today, and by
 * design: `OpenAPIV3.Document` declares an `x-express-openapi-additional-middleware` extension
 * holding functions, and its `example?: any` fields cannot be checked in a request.
 */
import type { OpenAPIV3 } from "openapi-types";

export interface ApiDocuments {
  getDocument(api: string): Promise<OpenAPIV3.Document>;
  putDocument(api: string, document: OpenAPIV3.Document): Promise<void>;
  putOperation(
    api: string,
    operationId: string,
    operation: OpenAPIV3.OperationObject,
  ): Promise<void>;
}
