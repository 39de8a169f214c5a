/**
 * The emit stage: schema IR in, the TypeScript source of one generated module out. See
 * {@link emit}; {@link formatWithBiome} is exported for the CLI and for tests of goldens.
 */
export { type EmitOptions, emit } from "./emit.js";
export { formatWithBiome } from "./format.js";
