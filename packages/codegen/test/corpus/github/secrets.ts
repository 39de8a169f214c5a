/**
 * GitHub Actions organization secrets: the response is the OpenAPI `empty-object` schema,
 * generated as `Record<string, never>` (an object with no properties): the value `{}`.
 */
import type { components, operations } from "@octokit/openapi-types";

export interface GitHubActionsSecrets {
  createOrUpdateOrgSecret(
    org: string,
    secretName: string,
    body: operations["actions/create-or-update-org-secret"]["requestBody"]["content"]["application/json"],
  ): Promise<components["schemas"]["empty-object"]>;
}
