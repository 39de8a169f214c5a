/**
 * The emit stage: schema IR in, the TypeScript source of one generated module out, formatted.
 * See {@link emit}.
 */
export { type EmitOptions, emit } from "./emit.js";
