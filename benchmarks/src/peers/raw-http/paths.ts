/** The raw HTTP peer's two endpoints and body types. */
export const unaryPath = "/shortestPath";
export const followPath = "/follow";
export const unaryType = "application/msgpack";
export const streamType = "application/vnd.raw.msgpack-stream";
