/** Language Server Protocol messages over vscode-languageserver-protocol: the specification's examples, judged by TypeScript against the generated decoders. */
import { describeCorpus } from "../support/suite.js";

describeCorpus({
  name: "lsp",
  npm: "vscode-languageserver-protocol",
  version: "3.18.5",
  units: [{ idl: "services.ts", services: ["LanguageServer", "LanguageClient"], ci: true }],
});
