/**
 * GitHub's REST API and webhooks over @octokit/openapi-types (OpenAPI-generated): recorded API
 * responses and webhook examples, judged by TypeScript against the generated decoders.
 */
import { describeCorpus } from "../support/suite.js";

describeCorpus({
  name: "github",
  npm: "@octokit/openapi-types",
  version: "29.0.1",
  units: [
    { idl: "services.ts", services: ["GitHubRest", "GitHubIssueEvents"], ci: true },
    { idl: "secrets.ts", services: ["GitHubActionsSecrets"], ci: false },
    { idl: "webhooks.ts", services: ["GitHubWebhookRelay"], ci: false },
  ],
});
