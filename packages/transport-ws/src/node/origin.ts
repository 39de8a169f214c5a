import type { IncomingMessage } from "node:http";

/**
 * Which browser origins may open a connection. A list of origins as browsers send them
 * (`https://app.example.com`, `http://localhost:5173`, or `null`), compared without regard to
 * case; or a function that decides, given the `Origin` header (undefined when absent) and the
 * upgrade request.
 *
 * With a list, a request without an `Origin` header is allowed: browsers always send one on a
 * WebSocket handshake, and any other client can send whatever header it likes, so the check
 * protects browsers' users (against cross-site WebSocket hijacking) and nothing else. Use the
 * function form to refuse requests without an origin too.
 */
export type OriginPolicy =
  | readonly string[]
  | ((origin: string | undefined, request: IncomingMessage) => boolean);

/** An origin as browsers serialize it: scheme, host, optional port, no path. */
const originPattern = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]+$/i;

/**
 * Turns a policy into a check, validating a list once, up front: a list entry with a path or
 * a trailing slash would silently never match, so it is refused with a `RangeError`.
 */
export function originCheck(
  policy: OriginPolicy | undefined,
): (origin: string | undefined, request: IncomingMessage) => boolean {
  if (policy === undefined) return () => true;
  if (typeof policy === "function") return policy;
  const allowed = new Set<string>();
  for (const entry of policy) {
    if (entry !== "null" && !originPattern.test(entry)) {
      throw new RangeError(
        `allowOrigins entry ${JSON.stringify(entry)} is not an origin like "https://app.example.com"`,
      );
    }
    allowed.add(entry.toLowerCase());
  }
  return (origin) => origin === undefined || allowed.has(origin.toLowerCase());
}
