/** Neither side of the raw WebSocket pair refuses a message below this (1 MiB payloads fit). */
export const maxPayload = 64 * 1024 * 1024;
