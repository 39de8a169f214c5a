#!/usr/bin/env node
// Runs the compiled CLI; `pnpm build` (tsc -b) produces dist/.
import "../dist/cli/bin.js";
