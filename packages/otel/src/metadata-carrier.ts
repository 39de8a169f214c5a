import type { TextMapGetter, TextMapSetter } from "@opentelemetry/api";
import type { Metadata } from "@rpcgen/runtime";

/**
 * Writes propagation fields into call metadata, whose keys are lowercase: a propagator that
 * names its fields in mixed case (`X-B3-TraceId`) still writes keys every transport carries as
 * they are, HTTP headers included.
 */
export const metadataSetter: TextMapSetter<Metadata> = {
  set(carrier, key, value) {
    carrier[key.toLowerCase()] = value;
  },
};

/** Reads propagation fields from call metadata, by their lowercase keys. */
export const metadataGetter: TextMapGetter<Readonly<Metadata>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key.toLowerCase()],
};
