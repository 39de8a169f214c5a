/**
 * A relay that streams a repository's `issues` webhook deliveries to subscribers, with the
 * OpenAPI-generated webhook payload types (a union tagged by `action`). The payloads hold
 * `Record<string, unknown>` and intersections of arrays (`Label[] & (Record<string, unknown> |
 * null)[]`, an array of elements of both types).
 */
import type { components } from "@octokit/openapi-types";

export interface GitHubWebhookRelay {
  watchIssues(
    owner: string,
    repo: string,
  ): AsyncIterable<
    | components["schemas"]["webhook-issues-opened"]
    | components["schemas"]["webhook-issues-labeled"]
    | components["schemas"]["webhook-issues-closed"]
  >;
}
