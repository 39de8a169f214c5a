/**
 * The raw peer's messages, as msgpack arrays (positional, like rpcgen's frames):
 * client → server `[id, kind, request]`; server → client `[id, value]` for a unary result or a
 * stream item, and `[id]` to end a stream.
 */
export const RawKind = { Unary: 0, Follow: 1 } as const;
