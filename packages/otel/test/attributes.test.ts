import { SpanKind, SpanStatusCode, type TextMapPropagator, trace } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import {
  type ClientOf,
  createClient,
  createClientSession,
  createMemoryChannelPair,
  createServer,
} from "@rpcgen/runtime";
import { describe, expect, test } from "vitest";
import { conventionsFromEnv } from "../src/conventions.js";
import {
  type TracingOptions,
  tracingClientInterceptor,
  tracingServerInterceptor,
} from "../src/index.js";
import { peerAttributes, targetAttributes } from "../src/semconv.js";
import { Relay, type RelayApi, relayHandlers } from "./fixtures/relay-service.js";

describe("a client's target becomes server.address and server.port", () => {
  test.each([
    ["tcp://127.0.0.1:7000", "127.0.0.1", 7000, "tcp"],
    ["tls://[::1]:7443", "::1", 7443, "tcp"],
    ["http://api.example.com", "api.example.com", 80, "tcp"],
    ["https://api.example.com/rpc", "api.example.com", 443, "tcp"],
    ["ws://127.0.0.1:8080/", "127.0.0.1", 8080, "tcp"],
    ["wss://example.com/ws", "example.com", 443, "tcp"],
    ["nats://127.0.0.1", "127.0.0.1", 4222, "tcp"],
  ])("%s", (target, address, port, transport) => {
    expect(targetAttributes(target)).toEqual({
      "server.address": address,
      "server.port": port,
      "network.transport": transport,
    });
  });

  test.each([
    ["unix:/run/app.sock", "/run/app.sock", "unix"],
    ["unix:///run/app.sock", "/run/app.sock", "unix"],
    ["tls+unix:///run/app.sock", "/run/app.sock", "unix"],
    ["stdio:node worker.js", "node worker.js", "pipe"],
  ])("%s", (target, address, transport) => {
    expect(targetAttributes(target)).toEqual({
      "server.address": address,
      "network.transport": transport,
    });
  });

  test.each(["127.0.0.1:7000", "tcp://:7000", "tcp://host", "ftp://host:21", "unix:", ""])(
    "%j is refused, naming the forms that are accepted",
    (target) => {
      expect(() => tracingClientInterceptor({ target })).toThrow(
        `target must be a URL like tcp://host:port, tls://host:port, unix:/path`,
      );
    },
  );
});

describe("a server's ctx.peer becomes network.peer.*", () => {
  test.each([
    [
      "tcp:127.0.0.1:53122",
      {
        "network.peer.address": "127.0.0.1",
        "network.peer.port": 53122,
        "network.transport": "tcp",
      },
    ],
    [
      "wss:[::1]:53122",
      { "network.peer.address": "::1", "network.peer.port": 53122, "network.transport": "tcp" },
    ],
    [
      "http:10.0.0.2:80",
      { "network.peer.address": "10.0.0.2", "network.peer.port": 80, "network.transport": "tcp" },
    ],
    [
      "unix:/run/app.sock",
      { "network.peer.address": "/run/app.sock", "network.transport": "unix" },
    ],
    ["stdio:node worker.js", { "network.transport": "pipe" }],
    ["memory:b", {}],
  ])("%s", (peer, attributes) => {
    expect(peerAttributes(peer)).toEqual(attributes);
  });
});

/** A traced call in this process over a memory channel pair, with the given options. */
async function tracedCall(
  options: Pick<TracingOptions, "conventions" | "filter">,
  call: (client: ClientOf<RelayApi>) => Promise<unknown>,
): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const common = { tracerProvider, propagator: new W3CTraceContextPropagator(), ...options };
  const server = createServer({ interceptors: [tracingServerInterceptor(common)] }).add(
    Relay,
    relayHandlers(undefined),
  );
  const [a, b] = createMemoryChannelPair();
  server.serve(b);
  const session = createClientSession(a);
  const client = createClient(Relay, session, {
    interceptors: [tracingClientInterceptor(common)],
  });
  await call(client);
  await session.close();
  return exporter.getFinishedSpans();
}

describe("conventions", () => {
  test("stable: rpc.system.name, rpc.method as Service/method, rpc.status_code", async () => {
    const spans = await tracedCall({ conventions: "stable" }, (client) => client.echo("hi"));
    expect(spans.map((span) => span.attributes)).toEqual([
      {
        "rpc.system.name": "rpcgen",
        "rpc.method": "Relay/echo",
        "rpc.status_code": "ok",
      },
      { "rpc.system.name": "rpcgen", "rpc.method": "Relay/echo", "rpc.status_code": "ok" },
    ]);
  });

  test("both: the experimental and the stable attributes, rpc.method in the stable form", async () => {
    const spans = await tracedCall({ conventions: "both" }, (client) =>
      client.fail({ code: "unavailable", message: "down" }).catch(() => {}),
    );
    const expected = {
      "rpc.system": "rpcgen",
      "rpc.system.name": "rpcgen",
      "rpc.service": "Relay",
      "rpc.method": "Relay/fail",
      "rpc.rpcgen.status_code": "unavailable",
      "rpc.status_code": "unavailable",
      "error.type": "unavailable",
    };
    expect(spans.map((span) => span.attributes)).toEqual([expected, expected]);
  });

  test("OTEL_SEMCONV_STABILITY_OPT_IN picks them when the option is absent", () => {
    const saved = process.env.OTEL_SEMCONV_STABILITY_OPT_IN;
    try {
      process.env.OTEL_SEMCONV_STABILITY_OPT_IN = "http, rpc";
      expect(conventionsFromEnv()).toBe("stable");
      process.env.OTEL_SEMCONV_STABILITY_OPT_IN = "rpc,rpc/dup";
      expect(conventionsFromEnv()).toBe("both");
      process.env.OTEL_SEMCONV_STABILITY_OPT_IN = "http";
      expect(conventionsFromEnv()).toBe("experimental");
      delete process.env.OTEL_SEMCONV_STABILITY_OPT_IN;
      expect(conventionsFromEnv()).toBe("experimental");
    } finally {
      if (saved === undefined) delete process.env.OTEL_SEMCONV_STABILITY_OPT_IN;
      else process.env.OTEL_SEMCONV_STABILITY_OPT_IN = saved;
    }
  });
});

test("a single response past its deadline ends the server span with deadline_exceeded", async () => {
  let serverSpan!: (span: ReadableSpan) => void;
  const served = new Promise<ReadableSpan>((resolve) => {
    serverSpan = resolve;
  });
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [
      {
        onStart() {},
        onEnd: (span) => {
          if (span.kind === SpanKind.SERVER) serverSpan(span);
        },
        forceFlush: async () => {},
        shutdown: async () => {},
      },
    ],
  });
  const server = createServer({
    interceptors: [tracingServerInterceptor({ tracerProvider })],
  }).add(Relay, relayHandlers(undefined));
  const [a, b] = createMemoryChannelPair();
  server.serve(b);
  const session = createClientSession(a);
  const client = createClient(Relay, session);
  await expect(client.outlive(null, { timeoutMs: 20 })).rejects.toMatchObject({
    code: "deadline_exceeded",
  });
  // The handler ignored the deadline and returned later; its span still tells what happened.
  const span = await served;
  expect(span.attributes["rpc.rpcgen.status_code"]).toBe("deadline_exceeded");
  expect(span.status).toEqual({
    code: SpanStatusCode.ERROR,
    message: "the call exceeded its deadline",
  });
  await session.close();
});

test("a propagator's mixed-case fields travel as lowercase metadata keys", async () => {
  const seen: Record<string, string>[] = [];
  // A propagator in the style of B3's: one field, named in mixed case.
  const propagator: TextMapPropagator = {
    inject(context, carrier, setter) {
      const span = trace.getSpanContext(context);
      if (span !== undefined)
        setter.set(carrier, "X-Parent-Span", `${span.traceId}:${span.spanId}`);
    },
    extract(context, carrier, getter) {
      seen.push({ ...(carrier as Record<string, string>) });
      const value = getter.get(carrier, "X-Parent-Span");
      if (typeof value !== "string") return context;
      const [traceId, spanId] = value.split(":");
      return trace.setSpanContext(context, {
        traceId: traceId!,
        spanId: spanId!,
        traceFlags: 1,
        isRemote: true,
      });
    },
    fields: () => ["X-Parent-Span"],
  };
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const server = createServer({
    interceptors: [tracingServerInterceptor({ tracerProvider, propagator })],
  }).add(Relay, relayHandlers(undefined));
  const [a, b] = createMemoryChannelPair();
  server.serve(b);
  const session = createClientSession(a);
  const client = createClient(Relay, session, {
    interceptors: [tracingClientInterceptor({ tracerProvider, propagator })],
  });
  await client.echo("hi");
  await session.close();
  expect(Object.keys(seen[0]!)).toEqual(["x-parent-span"]);
  const [served, call] = exporter.getFinishedSpans();
  expect(served!.parentSpanContext?.spanId).toBe(call!.spanContext().spanId);
});

test("a filter leaves calls untraced on both sides", async () => {
  const spans = await tracedCall({ filter: (call) => call.method !== "echo" }, async (client) => {
    await client.echo("untraced");
    for await (const _ of client.count(1));
  });
  expect(spans.map((span) => span.name)).toEqual(["Relay/count", "Relay/count"]);
});
