import { randomBytes } from "node:crypto";

/** The NATS server the NATS peers meet on. */
export const natsUrl = process.env.NATS_URL || "nats://127.0.0.1:4222";

/**
 * A subject prefix for one server process, so runs sharing the NATS server (or a previous
 * session's server still draining) never answer each other's calls. The client learns it from
 * the URL the server announces in place of a socket path: `nats://127.0.0.1:4222/<prefix>`.
 */
export function benchPrefix(): string {
  return `bench${randomBytes(4).toString("hex")}`;
}

/** The prefix in an announced URL. */
export function prefixOf(url: string): string {
  return new URL(url).pathname.slice(1);
}
