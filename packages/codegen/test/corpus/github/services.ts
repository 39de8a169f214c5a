/**
 * The GitHub REST API declared the way a user of `@octokit/openapi-types` writes it:
 * indexed-access types straight from the OpenAPI-generated `components` and `operations`,
 * unchanged, including the shapes rpcgen once decoded wrongly (untagged unions of objects,
 * `number | bigint` ids): the corpus is there to show such problems, not to avoid them.
 * secrets.ts and webhooks.ts, once refused, run in the long form only (RPCGEN_CORPUS_FULL=1).
 */
import type { components, operations } from "@octokit/openapi-types";

/** Repositories, contents, statuses, releases, refs, organizations, issues and labels (12 methods). */
export interface GitHubRest {
  getRepository(owner: string, repo: string): Promise<components["schemas"]["full-repository"]>;
  getContent(
    owner: string,
    repo: string,
    path: string,
  ): Promise<operations["repos/get-content"]["responses"]["200"]["content"]["application/json"]>;
  listMatchingRefs(
    owner: string,
    repo: string,
    ref: string,
  ): Promise<components["schemas"]["git-ref"][]>;
  createCommitStatus(
    owner: string,
    repo: string,
    sha: string,
    body: operations["repos/create-commit-status"]["requestBody"]["content"]["application/json"],
  ): Promise<components["schemas"]["status"]>;
  getCombinedStatusForRef(
    owner: string,
    repo: string,
    ref: string,
  ): Promise<components["schemas"]["combined-commit-status"]>;
  getReleaseByTag(
    owner: string,
    repo: string,
    tag: string,
  ): Promise<components["schemas"]["release"]>;
  updateBranchProtection(
    owner: string,
    repo: string,
    branch: string,
    body: operations["repos/update-branch-protection"]["requestBody"]["content"]["application/json"],
  ): Promise<components["schemas"]["protected-branch"]>;
  getOrganization(org: string): Promise<components["schemas"]["organization-full"]>;
  listIssuesForRepo(owner: string, repo: string): Promise<components["schemas"]["issue"][]>;
  searchIssuesAndPullRequests(
    q: string,
  ): Promise<
    operations["search/issues-and-pull-requests"]["responses"]["200"]["content"]["application/json"]
  >;
  createLabel(
    owner: string,
    repo: string,
    body: operations["issues/create-label"]["requestBody"]["content"]["application/json"],
  ): Promise<components["schemas"]["label"]>;
  updateLabel(
    owner: string,
    repo: string,
    name: string,
    body: NonNullable<
      operations["issues/update-label"]["requestBody"]
    >["content"]["application/json"],
  ): Promise<components["schemas"]["label"]>;
}

/** Issue events: one event, and the untagged union of event kinds an issue's list returns. */
export interface GitHubIssueEvents {
  getEvent(
    owner: string,
    repo: string,
    eventId: number,
  ): Promise<components["schemas"]["issue-event"]>;
  listEvents(
    owner: string,
    repo: string,
    issueNumber: number,
  ): Promise<components["schemas"]["issue-event-for-issue"][]>;
}
