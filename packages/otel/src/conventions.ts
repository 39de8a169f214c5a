/**
 * Which version of the OpenTelemetry RPC semantic conventions spans follow:
 * - `"experimental"`: the conventions up to v1.37 that tracing backends read today:
 *   `rpc.system`, `rpc.service`, `rpc.method` (the bare method name) and
 *   `rpc.rpcgen.status_code`.
 * - `"stable"`: the stable conventions: `rpc.system.name`, `rpc.method` (`Service/method`) and
 *   `rpc.status_code`.
 * - `"both"`: both sets; `rpc.method` then takes the stable `Service/method` form.
 */
export type Conventions = "experimental" | "stable" | "both";

/**
 * The conventions picked by `OTEL_SEMCONV_STABILITY_OPT_IN`, the variable the specification
 * names for the transition: `rpc/dup` means both, `rpc` the stable ones, anything else (or no
 * variable, or no `process` in a browser) the experimental ones.
 */
export function conventionsFromEnv(): Conventions {
  const value = globalThis.process?.env?.OTEL_SEMCONV_STABILITY_OPT_IN;
  if (value === undefined) return "experimental";
  const items = value.split(",").map((item) => item.trim());
  if (items.includes("rpc/dup")) return "both";
  if (items.includes("rpc")) return "stable";
  return "experimental";
}
