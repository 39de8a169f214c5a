/**
 * The attributes of rpcgen's spans, after the OpenTelemetry RPC semantic conventions: which
 * call, how it ended, and where the other end is. The client and server halves build their
 * spans from these functions only, so both speak the same conventions.
 */
import type { Attributes } from "@opentelemetry/api";
import type { RpcCode } from "@rpcgen/runtime";
import type { Conventions } from "./conventions.js";

/** The value of `rpc.system` (and `rpc.system.name`) on every rpcgen span. */
export const rpcSystem = "rpcgen";

/** The status code recorded when a call succeeds. */
const okCode = "ok";

/** The span name, `Service/method` in every version of the conventions. */
export function spanName(service: string, method: string): string {
  return `${service}/${method}`;
}

/** What identifies the call: the RPC system, service and method. */
export function callAttributes(
  conventions: Conventions,
  service: string,
  method: string,
): Attributes {
  const attributes: Attributes = {};
  if (conventions !== "stable") {
    attributes["rpc.system"] = rpcSystem;
    attributes["rpc.service"] = service;
    attributes["rpc.method"] = method;
  }
  if (conventions !== "experimental") {
    attributes["rpc.system.name"] = rpcSystem;
    attributes["rpc.method"] = spanName(service, method);
  }
  return attributes;
}

/**
 * How the call ended: rpcgen's code (`ok` or an `RpcError` code, as it reads on the wire) in
 * the status attribute, and `error.type` when the span is marked failed.
 */
export function statusAttributes(
  conventions: Conventions,
  code: RpcCode | undefined,
  failed: boolean,
): Attributes {
  const value = code ?? okCode;
  const attributes: Attributes = {};
  if (conventions !== "stable") attributes["rpc.rpcgen.status_code"] = value;
  if (conventions !== "experimental") attributes["rpc.status_code"] = value;
  if (failed && code !== undefined) attributes["error.type"] = code;
  return attributes;
}

const defaultPorts: Readonly<Record<string, number>> = {
  "http:": 80,
  "https:": 443,
  "ws:": 80,
  "wss:": 443,
  "nats:": 4222,
};

const hostSchemes = new Set(["tcp:", "tls:", "http:", "https:", "ws:", "wss:", "nats:"]);

/**
 * `server.address`, `server.port` and `network.transport` of a client span, from the URL its
 * transport connects to (any form a listener prints: `tcp://host:port`, `tls://`, `unix:/path`,
 * `unix:///path`, `http(s)://`, `ws(s)://`, `nats://`, `stdio:<command>`). Throws naming the
 * accepted forms on anything else, so a mistyped target fails where it is configured.
 */
export function targetAttributes(target: string): Attributes {
  const colon = target.indexOf(":");
  const scheme = colon < 0 ? "" : target.slice(0, colon + 1).toLowerCase();
  if (scheme === "unix:" || scheme === "tls+unix:") {
    const path = target.slice(colon + 1).replace(/^\/\/(?=\/)/, "");
    if (path.length > 0) {
      return { "server.address": path, "network.transport": "unix" };
    }
  } else if (scheme === "stdio:") {
    const command = target.slice(colon + 1).trim();
    if (command.length > 0) return { "server.address": command, "network.transport": "pipe" };
  } else if (hostSchemes.has(scheme) && URL.canParse(target)) {
    const url = new URL(target);
    const port = url.port === "" ? defaultPorts[url.protocol] : Number(url.port);
    if (url.hostname !== "" && port !== undefined) {
      return {
        "server.address": url.hostname.replace(/^\[(.*)\]$/, "$1"),
        "server.port": port,
        "network.transport": "tcp",
      };
    }
  }
  throw new TypeError(
    `target must be a URL like tcp://host:port, tls://host:port, unix:/path, http(s)://host:port, ws(s)://host:port, nats://host:port or stdio:<command>; got ${JSON.stringify(target)}`,
  );
}

/**
 * `network.peer.address`, `network.peer.port` and `network.transport` of a server span, from
 * the call's `ctx.peer` (`tcp:127.0.0.1:53122`, `ws:[::1]:53122`, `unix:/run/app.sock`,
 * `stdio:…`). A peer of another shape (an in-memory channel) has no network to describe.
 */
export function peerAttributes(peer: string): Attributes {
  const colon = peer.indexOf(":");
  const scheme = colon < 0 ? "" : peer.slice(0, colon);
  const rest = peer.slice(colon + 1);
  if (scheme === "unix" || scheme === "tls+unix") {
    return { "network.peer.address": rest, "network.transport": "unix" };
  }
  if (scheme === "stdio") return { "network.transport": "pipe" };
  const hostPort = /^\[?([^\]]*?)\]?:(\d+)$/.exec(rest);
  if (hostPort !== null) {
    return {
      "network.peer.address": hostPort[1]!,
      "network.peer.port": Number(hostPort[2]),
      "network.transport": "tcp",
    };
  }
  return {};
}
