/** The NATS servers a target names, and the subject prefix its URL carries, if any. */
export interface ResolvedTarget {
  /** `nats://host:port` or `host:port` entries, without path. */
  readonly servers: string[];
  /** From the URL's path (`nats://host:4222/orders` -> `orders`), when it has one. */
  readonly subjectPrefix: string | undefined;
}

/**
 * The NATS servers named by a transport's target: a `nats://` (or `tls://`) URL, several
 * separated by commas, whose path, when present, is the subject prefix
 * (`nats://127.0.0.1:4222/orders`: the form a replica's `url` takes when it serves under a
 * prefix of its own); or `servers` given as option, each `host:port` or `nats://host:port`.
 * Throws a `RangeError` naming the value when it is not one of these.
 */
export function resolveTarget(
  target: string | URL | undefined,
  servers: string | readonly string[] | undefined,
): ResolvedTarget {
  const list =
    target !== undefined
      ? String(target).split(",")
      : servers === undefined
        ? []
        : typeof servers === "string"
          ? servers.split(",")
          : [...servers];
  const entries = list.map((s) => s.trim()).filter((s) => s !== "");
  if (entries.length === 0) {
    throw new RangeError("no NATS server given: pass a nats:// URL or the servers option");
  }
  const prefixes = new Set<string>();
  const out = entries.map((server) => {
    const url = server.includes("://") ? server : `nats://${server}`;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new RangeError(`${JSON.stringify(server)} is not a NATS server URL (nats://host:port)`);
    }
    if (parsed.protocol !== "nats:" && parsed.protocol !== "tls:") {
      throw new RangeError(
        `${JSON.stringify(server)} is not a NATS server URL: expected nats://host:port or tls://host:port`,
      );
    }
    const path = decodeURIComponent(parsed.pathname.replace(/^\/+|\/+$/g, ""));
    if (path !== "") prefixes.add(path);
    return path === "" ? server : `${parsed.protocol}//${parsed.host}`;
  });
  if (prefixes.size > 1) {
    throw new RangeError(
      `the NATS URLs name different subject prefixes (${[...prefixes].join(", ")}); use one`,
    );
  }
  return { servers: out, subjectPrefix: [...prefixes][0] };
}
