/** OpenAPI 3.0 descriptions over openapi-types: the specification's examples and fragments of GitHub's and OpenAI's API descriptions, judged by TypeScript against the generated decoders. */
import { describeCorpus } from "../support/suite.js";

describeCorpus({
  name: "openapi",
  npm: "openapi-types",
  version: "12.1.3",
  units: [
    { idl: "services.ts", services: ["ApiDescriptions"], ci: true },
    { idl: "documents.ts", services: ["ApiDocuments"], ci: false },
  ],
});
