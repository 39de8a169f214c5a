import { describe, expect, it } from "vitest";
import { natsTransport, serveNats } from "../src/index.js";
import { resolveTarget } from "../src/target.js";

describe("NATS targets", () => {
  it("reads servers and a subject prefix from a nats:// URL", () => {
    expect(resolveTarget("nats://127.0.0.1:4222", undefined)).toEqual({
      servers: ["nats://127.0.0.1:4222"],
      subjectPrefix: undefined,
    });
    expect(resolveTarget("nats://a:4222/orders,nats://b:4222/orders", undefined)).toEqual({
      servers: ["nats://a:4222", "nats://b:4222"],
      subjectPrefix: "orders",
    });
    expect(resolveTarget(undefined, ["127.0.0.1:4222", "tls://b:4443"])).toEqual({
      servers: ["127.0.0.1:4222", "tls://b:4443"],
      subjectPrefix: undefined,
    });
  });

  it("refuses what is not a NATS server URL, naming it", () => {
    expect(() => resolveTarget("http://127.0.0.1:4222", undefined)).toThrow(
      /"http:\/\/127.0.0.1:4222" is not a NATS server URL: expected nats:\/\/host:port/,
    );
    expect(() => resolveTarget("nats://a:4222/x,nats://b:4222/y", undefined)).toThrow(
      "different subject prefixes (x, y)",
    );
    expect(() => resolveTarget(undefined, [])).toThrow("no NATS server given");
  });

  it("refuses unusable options when the transport is made, before any connection", () => {
    expect(() => natsTransport("nats://127.0.0.1:4222", { heartbeatMs: 0 })).toThrow(
      "heartbeatMs must be a number of at least 10, got 0",
    );
    expect(() => natsTransport("nats://127.0.0.1:4222", { subjectPrefix: "a.*" })).toThrow(
      /subjectPrefix "a.\*" cannot be part of a NATS subject/,
    );
  });

  it("refuses a service name that cannot be a subject token, before connecting", async () => {
    const { createServer, defineService, method } = await import("@rpcgen/runtime");
    const Dotted = defineService("pkg.Path", {
      go: method<null, null>()("go", "unary"),
    });
    const server = createServer().add(Dotted, { go: () => null });
    await expect(serveNats(server, { servers: "nats://127.0.0.1:1" })).rejects.toThrow(
      /service name "pkg.Path" cannot be part of a NATS subject/,
    );
  });
});
