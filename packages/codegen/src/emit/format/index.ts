/**
 * rpcgen's formatter: generated TypeScript and schema JSON printed exactly as Biome (the version
 * and settings in docs/architecture.md) formats them, without running Biome. It covers the
 * syntax the emitter writes and throws on anything else; tests compare it with Biome itself.
 */
export { formatJson } from "./json.js";
export { formatTypeScript } from "./module.js";
