/**
 * WebSocket close codes this package sends, and how received ones are named in errors. The
 * rpcgen protocol explains itself in band (a GOAWAY frame or an error hello before the close),
 * so the close code only helps tools that do not speak it, such as a browser's devtools.
 */
export const CloseCode = {
  /** Every close the session asks for: drained, failed, timed out, or the transport closed. */
  Normal: 1000,
  /** A message's frames were malformed: empty, or a length prefix running past its end. */
  ProtocolError: 1002,
  /** A text message arrived; the protocol carries frames in binary messages only. */
  UnsupportedData: 1003,
  /**
   * The peer stopped reading and our send buffer passed `maxBufferedBytes`, or it sent more
   * than `maxPingsPerSecond` pings.
   */
  PolicyViolation: 1008,
  /**
   * A message, or a frame inside one, was over the limit (`ws` sends it itself when its
   * `maxPayload` trips).
   */
  MessageTooBig: 1009,
} as const;

const names: Readonly<Record<number, string>> = {
  1000: "normal closure",
  1001: "going away",
  1002: "protocol error",
  1003: "unsupported data",
  1005: "no status",
  1006: "abnormal closure",
  1007: "invalid payload",
  1008: "policy violation",
  1009: "message too big",
  1010: "missing extension",
  1011: "internal error",
  1012: "service restart",
  1013: "try again later",
  1015: "TLS handshake failure",
};

/** `close code 1006, abnormal closure` or `close code 1009, message too big: <reason>`. */
export function describeClose(code: number | undefined, reason: string | undefined): string {
  if (code === undefined) return "no close code";
  const name = names[code];
  const text = name === undefined ? `close code ${code}` : `close code ${code}, ${name}`;
  return reason === undefined || reason === "" ? text : `${text}: ${reason}`;
}
