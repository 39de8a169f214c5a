/**
 * Request metadata, response headers and trailers: lowercase ASCII keys to string values.
 * Keys starting with `rpc-` are reserved for the protocol.
 */
export type Metadata = Record<string, string>;
