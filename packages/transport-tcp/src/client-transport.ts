import { connectionTransport } from "@rpcgen/runtime";
import { addressPeer, addressUrl, type TcpAddress } from "./address.js";
import { dial } from "./dial.js";
import type { TcpTransport, TcpTransportOptions } from "./transport-options.js";

/**
 * Creates a client transport to `address`. Nothing happens until the first call or
 * {@link TcpTransport.connect}: then one connection is made and all calls are multiplexed over
 * it. Calls made while it is being (re)established wait, each up to its own deadline, and then
 * fail with `unavailable` naming the address and the last connection error. A broken
 * connection fails the calls in flight on it with `unavailable`; the next call reconnects.
 * After a goaway, calls in flight finish on the old connection while new calls go to a new one.
 */
export function tcpTransport(address: TcpAddress, options: TcpTransportOptions = {}): TcpTransport {
  if (
    "port" in address &&
    !(Number.isInteger(address.port) && address.port > 0 && address.port < 65536)
  ) {
    throw new RangeError(`port must be an integer from 1 to 65535, got ${address.port}`);
  }
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  if (!(timeoutMs > 0)) throw new RangeError("connectTimeoutMs must be > 0");
  const secure = options.tls !== undefined;
  const url = addressUrl(address, secure);
  const target = {
    address,
    tls: options.tls,
    session: {
      ...(options.codec === undefined ? {} : { codec: options.codec }),
      ...(options.limits === undefined ? {} : { limits: options.limits }),
    },
    timeoutMs,
    url,
    peer: addressPeer(address, secure),
  };
  return connectionTransport(
    { url, connect: () => dial(target) },
    {
      ...(options.reconnect === undefined ? {} : { reconnect: options.reconnect }),
      ...(options.failFast === undefined ? {} : { failFast: options.failFast }),
    },
  );
}
