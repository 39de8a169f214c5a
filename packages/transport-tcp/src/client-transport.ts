import { connectionTransport } from "@rpcgen/runtime";
import { addressPeer, addressUrl, type TcpAddress } from "./address.js";
import { dial } from "./dial.js";
import { parseTcpUrl, tcpUrlForms } from "./tcp-url.js";
import type { TcpTransport, TcpTransportOptions } from "./transport-options.js";

/**
 * Creates a client transport to `target`: the URL a {@link listenTcp} listener prints
 * (`tcp://127.0.0.1:7000`, `tls://host:7000`, `unix:/run/app.sock`, `unix:///run/app.sock`,
 * `tls+unix:/run/app.sock`), or an address object (`{ host, port }`, `{ path }`, with TLS when
 * `options.tls` is set). A `tls` or `tls+unix` URL connects with TLS, trusting the default CA
 * store unless `options.tls` says otherwise.
 *
 * Nothing happens until the first call or {@link TcpTransport.connect}: then one connection is
 * made and all calls are multiplexed over it. Calls made while it is being (re)established
 * wait within the connect budget (`connectAttempts` failed attempts in a row, default 3, or
 * `connectTimeoutMs`, default 10 s, or their deadline, whichever comes first; only the deadline
 * with `waitForReady`), then fail `unavailable` naming the address and the last connection
 * error. A broken connection fails the calls in flight on it with `unavailable`; the next call
 * reconnects. After a goaway, calls in flight finish on the old connection while new calls go
 * to a new one.
 *
 * Throws a `RangeError` at once for a malformed URL, a scheme other than those above, a port
 * out of range, `options.tls` with a plain `tcp://` or `unix:` URL, or an unusable option.
 */
export function tcpTransport(
  target: string | URL | TcpAddress,
  options: TcpTransportOptions = {},
): TcpTransport {
  const { address, tls } = resolveTarget(target, options);
  if (
    "port" in address &&
    !(Number.isInteger(address.port) && address.port > 0 && address.port < 65536)
  ) {
    throw new RangeError(`port must be an integer from 1 to 65535, got ${address.port}`);
  }
  const secure = tls !== undefined;
  const url = addressUrl(address, secure);
  const peer = addressPeer(address, secure);
  const session = {
    ...(options.codec === undefined ? {} : { codec: options.codec }),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
  };
  return connectionTransport(
    { url, connect: ({ timeoutMs }) => dial({ address, tls, session, timeoutMs, url, peer }) },
    options,
  );
}

/** The address and TLS settings, from a URL (whose scheme decides TLS) or an address object. */
function resolveTarget(
  target: string | URL | TcpAddress,
  options: TcpTransportOptions,
): { address: TcpAddress; tls: TcpTransportOptions["tls"] } {
  if (typeof target !== "string" && !(target instanceof URL)) {
    return { address: target, tls: options.tls };
  }
  const url = String(target);
  const { address, secure } = parseTcpUrl(url);
  if (!secure && options.tls !== undefined) {
    throw new RangeError(
      `tcpTransport: options.tls asks for TLS but ${JSON.stringify(url)} is a plain connection; write ${"path" in address ? "tls+unix:" : "tls://"}… (accepted: ${tcpUrlForms})`,
    );
  }
  return { address, tls: secure ? (options.tls ?? {}) : undefined };
}
