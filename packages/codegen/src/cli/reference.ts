import {
  callUsage,
  checkUsage,
  generateUsage,
  initUsage,
  mainUsage,
  skeletonUsage,
} from "./usage.js";

/** Every command's help, in the order `rpcgen --help` lists them. */
const commands: readonly (readonly [string, string])[] = [
  ["generate", generateUsage],
  ["skeleton", skeletonUsage],
  ["init", initUsage],
  ["call", callUsage],
  ["check", checkUsage],
];

/**
 * docs/cli.md: the CLI reference, made of the help texts the CLI prints, so the two cannot
 * drift apart (a test compares the file with this).
 */
export function cliReference(): string {
  const sections = commands.map(
    ([name, usage]) => `## rpcgen ${name}\n\n\`\`\`text\n${usage.trimEnd()}\n\`\`\`\n`,
  );
  return `# The rpcgen command line

<!-- Generated from the CLI's help texts (packages/codegen/src/cli/usage.ts) by cliReference();
     do not edit. Update: UPDATE_GOLDEN=1 npx vitest run packages/codegen/test/cli/reference.test.ts -->

What each command prints for \`--help\`. Guides: [codegen.md](codegen.md) for \`generate\`,
\`skeleton\` and \`init\`; [reflection.md](reflection.md) for \`call\` and the reflection and health
services it talks to; [compatibility.md](compatibility.md) for \`check\` and its rules.

\`\`\`text
${mainUsage.trimEnd()}
\`\`\`

${sections.join("\n")}`;
}
