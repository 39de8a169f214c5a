import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { type ClientOf, type ClientTransport, createClient, RpcError } from "@rpcgen/runtime";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type ChildServer,
  killAllChildServers,
  spawnChildServer,
} from "../../runtime/test/support/child-server.js";
import { tracingClientInterceptor } from "../src/index.js";
import { Relay, type RelayApi } from "./fixtures/relay-service.js";
import { readSpans, type SpanRecord, spanRecord, waitForSpans } from "./support/span-record.js";
import { connectTo, transportNames } from "./support/transports.js";

// This process is the first of three: it calls `front`, whose handlers call `back`. It
// registers the globals the way an application does and exports to the SDK's in-memory
// exporter; the servers write their spans to files.
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
trace.setGlobalTracerProvider(provider);
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const tracer = trace.getTracer("test");

const fixture = fileURLToPath(new URL("./fixtures/traced-server.ts", import.meta.url));
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "rpcgen-otel-"));
afterAll(async () => {
  await killAllChildServers();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `fn` under a root span of its own and returns that span's trace id. */
async function inTrace(fn: () => Promise<unknown>): Promise<string> {
  return tracer.startActiveSpan("test case", async (span) => {
    try {
      await fn();
    } finally {
      span.end();
    }
    return span.spanContext().traceId;
  });
}

/** Finds the one span of `process` named `name` with `kind` among `spans`. */
function find(spans: readonly SpanRecord[], process: string, kind: string, name: string) {
  const found = spans.filter((s) => s.process === process && s.kind === kind && s.name === name);
  expect(found, `${kind} span ${name} of ${process}`).toHaveLength(1);
  return found[0]!;
}

describe.each(transportNames)("over %s", (transportName) => {
  const backFile = join(dir, `${transportName}-back.jsonl`);
  const frontFile = join(dir, `${transportName}-front.jsonl`);
  let front: ChildServer;
  let transport: ClientTransport;
  let client: ClientOf<RelayApi>;

  beforeAll(async () => {
    writeFileSync(backFile, "");
    writeFileSync(frontFile, "");
    const common = ["--transport", transportName];
    const back = await spawnChildServer(
      fixture,
      [...common, "--name", "back", "--spans", backFile],
      { cwd: packageDir },
    );
    front = await spawnChildServer(
      fixture,
      [...common, "--name", "front", "--spans", frontFile, "--downstream", back.url],
      { cwd: packageDir },
    );
    transport = connectTo(transportName, front.url);
    client = createClient(Relay, transport, {
      interceptors: [tracingClientInterceptor({ target: front.url })],
    });
  });
  afterAll(() => transport?.close());

  /** Every span of the trace, from this process and both servers. */
  function spansOf(traceId: string): SpanRecord[] {
    const mine = exporter.getFinishedSpans().map((span) => spanRecord("test", span));
    return [...mine, ...readSpans(frontFile), ...readSpans(backFile)].filter(
      (span) => span.traceId === traceId,
    );
  }

  test("one trace follows a call through both servers, each span a child of the last", async () => {
    let answer = "";
    const traceId = await inTrace(async () => {
      answer = await client.relay("hello");
    });
    expect(answer).toBe("relayed hello");

    const spans = spansOf(traceId);
    expect(spans).toHaveLength(5);
    const root = find(spans, "test", "internal", "test case");
    const call = find(spans, "test", "client", "Relay/relay");
    const served = find(spans, "front", "server", "Relay/relay");
    const downstream = find(spans, "front", "client", "Relay/echo");
    const last = find(spans, "back", "server", "Relay/echo");
    expect(call.parentSpanId).toBe(root.spanId);
    expect(served.parentSpanId).toBe(call.spanId);
    expect(downstream.parentSpanId).toBe(served.spanId);
    expect(last.parentSpanId).toBe(downstream.spanId);

    const frontUrl = new URL(front.url);
    expect(call.attributes).toEqual({
      "rpc.system": "rpcgen",
      "rpc.service": "Relay",
      "rpc.method": "relay",
      "rpc.rpcgen.status_code": "ok",
      "server.address": "127.0.0.1",
      "server.port": Number(frontUrl.port),
      "network.transport": "tcp",
    });
    expect(served.attributes).toMatchObject({
      "rpc.system": "rpcgen",
      "rpc.service": "Relay",
      "rpc.method": "relay",
      "rpc.rpcgen.status_code": "ok",
      "network.peer.address": "127.0.0.1",
      "network.transport": "tcp",
    });
    expect(served.attributes["network.peer.port"]).toBeTypeOf("number");
    for (const span of [call, served, downstream, last]) {
      expect(span.status, span.name).toEqual({ code: "unset" });
      expect(span.events).toEqual([]);
    }
  });

  test("an error code fails every client span on its way back; servers record the code", async () => {
    let caught: unknown;
    const traceId = await inTrace(async () => {
      caught = await client
        .relayFail({ code: "not_found", message: "no such ride" })
        .catch((error: unknown) => error);
    });
    expect(caught).toBeInstanceOf(RpcError);
    expect((caught as RpcError).code).toBe("not_found");

    const spans = spansOf(traceId);
    expect(spans).toHaveLength(5);
    // not_found is the caller's problem: the servers' spans keep an unset status.
    for (const span of [
      find(spans, "back", "server", "Relay/fail"),
      find(spans, "front", "server", "Relay/relayFail"),
    ]) {
      expect(span.status, span.name).toEqual({ code: "unset" });
      expect(span.attributes["rpc.rpcgen.status_code"]).toBe("not_found");
      expect(span.attributes["error.type"]).toBeUndefined();
      expect(span.events).toEqual([]);
    }
    for (const span of [
      find(spans, "front", "client", "Relay/fail"),
      find(spans, "test", "client", "Relay/relayFail"),
    ]) {
      expect(span.status, span.name).toEqual({ code: "error", message: "no such ride" });
      expect(span.attributes["rpc.rpcgen.status_code"]).toBe("not_found");
      expect(span.attributes["error.type"]).toBe("not_found");
      expect(span.events).toHaveLength(1);
      expect(span.events[0]!.name).toBe("exception");
      expect(span.events[0]!.attributes).toMatchObject({
        // The SDK names an error's type by its `code` when it has one.
        "exception.type": "not_found",
        "exception.message": "no such ride",
      });
    }
  });

  test("a handler's crash is recorded with its own message on the server, internal on the client", async () => {
    // No active span here: the client span starts a trace of its own.
    const caught = await client.crash("disk on fire").catch((error: unknown) => error);
    expect((caught as RpcError).code).toBe("internal");
    const mine = exporter.getFinishedSpans().map((span) => spanRecord("test", span));
    const call = mine.findLast((span) => span.name === "Relay/crash")!;
    expect(call.parentSpanId).toBeUndefined();
    expect(call.status).toEqual({ code: "error", message: "internal error" });

    const served = find(spansOf(call.traceId), "front", "server", "Relay/crash");
    expect(served.parentSpanId).toBe(call.spanId);
    expect(served.status).toEqual({ code: "error", message: "disk on fire" });
    expect(served.attributes["rpc.rpcgen.status_code"]).toBe("internal");
    expect(served.attributes["error.type"]).toBe("internal");
    expect(served.events[0]!.attributes).toMatchObject({
      "exception.type": "Error",
      "exception.message": "disk on fire",
    });
  });

  test("a stream's spans end when the stream does", async () => {
    const items: number[] = [];
    let clientSpanEndedEarly = true;
    const traceId = await inTrace(async () => {
      for await (const item of client.relayCount(3)) {
        if (items.length === 0) {
          const current = trace.getActiveSpan()!.spanContext().traceId;
          clientSpanEndedEarly = exporter
            .getFinishedSpans()
            .some((span) => span.spanContext().traceId === current);
        }
        items.push(item);
      }
    });
    expect(items).toEqual([0, 10, 20]);
    expect(clientSpanEndedEarly).toBe(false);

    const spans = spansOf(traceId);
    expect(spans).toHaveLength(5);
    const call = find(spans, "test", "client", "Relay/relayCount");
    const served = find(spans, "front", "server", "Relay/relayCount");
    const downstream = find(spans, "front", "client", "Relay/count");
    const last = find(spans, "back", "server", "Relay/count");
    expect(served.parentSpanId).toBe(call.spanId);
    expect(downstream.parentSpanId).toBe(served.spanId);
    expect(last.parentSpanId).toBe(downstream.spanId);
    for (const span of [call, served, downstream, last]) {
      expect(span.attributes["rpc.rpcgen.status_code"], span.name).toBe("ok");
    }
  });

  test("leaving a response stream early ends both spans as cancelled", async () => {
    const traceId = await inTrace(async () => {
      for await (const item of client.forever(null)) if (item === 2) break;
    });
    const call = find(spansOf(traceId), "test", "client", "Relay/forever");
    expect(call.status.code).toBe("error");
    expect(call.attributes["rpc.rpcgen.status_code"]).toBe("cancelled");

    // The server's span ends once the cancel reaches it, after the loop above has left.
    const spans = await waitForSpans(frontFile, (all) =>
      all.some((span) => span.traceId === traceId),
    );
    const served = find(
      spans.filter((span) => span.traceId === traceId),
      "front",
      "server",
      "Relay/forever",
    );
    expect(served.parentSpanId).toBe(call.spanId);
    expect(served.status).toEqual({ code: "unset" });
    expect(served.attributes["rpc.rpcgen.status_code"]).toBe("cancelled");
  });

  test.skipIf(transportName === "http")("a client stream's spans link up too", async () => {
    let total = 0;
    const traceId = await inTrace(async () => {
      total = await client.sum(
        (async function* () {
          yield 1;
          yield 2;
        })(),
      );
    });
    expect(total).toBe(3);
    const spans = spansOf(traceId);
    const served = find(spans, "front", "server", "Relay/sum");
    expect(served.parentSpanId).toBe(find(spans, "test", "client", "Relay/sum").spanId);
    expect(served.attributes["rpc.rpcgen.status_code"]).toBe("ok");
  });
});
