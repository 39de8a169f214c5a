/** The OpenAI API over the openai package's types: the API reference's examples, judged by TypeScript against the generated decoders. */
import { describeCorpus } from "../support/suite.js";

describeCorpus({
  name: "openai",
  npm: "openai",
  version: "7.59.0",
  units: [
    { idl: "services.ts", services: ["OpenAIChat", "OpenAIPlatform"], ci: false },
    { idl: "retrieval.ts", services: ["OpenAIRetrieval"], ci: true },
  ],
});
