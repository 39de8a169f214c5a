/**
 * Resolves the url a client connects to: `ws:` or `wss:`, with `http:`/`https:` mapped to
 * them and, in a browser, a relative url such as `/rpc` resolved against the page. The
 * fragment is dropped (the WebSocket standard refuses one). Throws a `RangeError` naming the
 * url and the accepted forms for anything else: that is a programming error, not a connection
 * failure.
 */
export function resolveWsUrl(url: string | URL): URL {
  const base = (globalThis as { location?: { href?: unknown } }).location?.href;
  let parsed: URL;
  try {
    parsed = new URL(url, typeof base === "string" ? base : undefined);
  } catch {
    // Whatever follows a ? may be a token: it stays out of the message.
    throw refused(String(url).split(/[?#]/)[0]!, "it is not a valid URL");
  }
  if (parsed.protocol === "http:") parsed.protocol = "ws:";
  else if (parsed.protocol === "https:") parsed.protocol = "wss:";
  if (parsed.protocol !== "ws:" && parsed.protocol !== "wss:") {
    throw refused(displayUrl(parsed), `the scheme ${JSON.stringify(parsed.protocol)} is not one`);
  }
  parsed.hash = "";
  return parsed;
}

/**
 * How the server is named in errors and in the transport's `url`: scheme, host, port and path,
 * without user info or query string, which often carry credentials (`?token=...`) that must
 * not end up in logs.
 */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function refused(url: string, reason: string): RangeError {
  return new RangeError(
    `wsTransport cannot use ${JSON.stringify(url)}: ${reason}; expected ws://host[:port]/path or wss://host[:port]/path (http: and https: are taken as ws: and wss:; in a browser, a path relative to the page)`,
  );
}
