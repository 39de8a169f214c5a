import type { TcpAddress } from "./address.js";

/** The URL forms {@link parseTcpUrl} takes, as listed in its errors. */
export const tcpUrlForms =
  "tcp://host:port, tls://host:port, unix:/path/to.sock (or unix:///path/to.sock, unix:relative.sock) or tls+unix:/path/to.sock";

/** Where a URL points and whether it asks for TLS. */
export interface ParsedTcpUrl {
  readonly address: TcpAddress;
  readonly secure: boolean;
}

/**
 * Reads a URL as {@link listenTcp} prints it: `tcp://127.0.0.1:7000`, `tls://[::1]:7000`,
 * `unix:///run/app.sock`, `tls+unix:///run/app.sock`, and the shorter `unix:/run/app.sock` or
 * `unix:app.sock` (relative to the working directory). A socket path is taken literally, with
 * no percent-decoding, so any path the listener printed comes back unchanged. Throws a
 * `RangeError` naming the URL and the accepted forms for anything else.
 */
export function parseTcpUrl(url: string): ParsedTcpUrl {
  const colon = url.indexOf(":");
  const scheme = colon < 0 ? "" : url.slice(0, colon).toLowerCase();
  switch (scheme) {
    case "unix":
    case "tls+unix":
      return {
        address: { path: socketPath(url, url.slice(colon + 1)) },
        secure: scheme !== "unix",
      };
    case "tcp":
    case "tls":
      return { address: hostAndPort(url), secure: scheme === "tls" };
    default:
      throw refused(
        url,
        colon < 0 ? "it has no scheme" : `the scheme ${JSON.stringify(`${scheme}:`)} is not one`,
      );
  }
}

/** `//` before the path is the empty authority of `unix:///abs/path`, not part of it. */
function socketPath(url: string, rest: string): string {
  const path = rest.startsWith("//") ? rest.slice(2) : rest;
  if (path === "") throw refused(url, "it names no socket path");
  return path;
}

function hostAndPort(url: string): { host: string; port: number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refused(url, "it is not a valid URL");
  }
  if (parsed.username !== "" || parsed.password !== "") {
    throw refused(url, "it carries user info, which TCP has no use for");
  }
  if ((parsed.pathname !== "" && parsed.pathname !== "/") || parsed.search !== "" || parsed.hash) {
    throw refused(url, "a TCP address has no path, query or fragment");
  }
  // URL keeps an IPv6 literal in brackets; node:net wants it bare.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  if (host === "") throw refused(url, "it names no host");
  const port = Number(parsed.port);
  if (parsed.port === "" || !(Number.isInteger(port) && port > 0 && port < 65536)) {
    throw refused(url, "it needs a port from 1 to 65535");
  }
  return { host, port };
}

function refused(url: string, reason: string): RangeError {
  return new RangeError(
    `tcpTransport cannot use ${JSON.stringify(url)}: ${reason}; expected ${tcpUrlForms}`,
  );
}
