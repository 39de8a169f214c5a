import { createServer as createNodeServer, type Server as NodeServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type ClientOf, createClient, createServer } from "@rpcgen/runtime";
import express from "express";
import Fastify from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import {
  TestService,
  type TestServiceApi,
  testServiceImpl,
} from "../../runtime/test/fixtures/echo-service.js";
import { httpTransport } from "../src/index.js";
import { fastifyPlugin, httpHandler } from "../src/server.js";
import { rawRequest } from "./fixtures/local.js";

const server = createServer({ onHandlerError: () => {} }).add(TestService, testServiceImpl);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function listen(node: NodeServer): Promise<string> {
  await new Promise<void>((resolve) => node.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => node.close(() => resolve())));
  return `http://127.0.0.1:${(node.address() as AddressInfo).port}`;
}

/** Unary, stream, error and metadata calls through a mounted handler. */
async function exercise(client: ClientOf<TestServiceApi>): Promise<void> {
  expect(await client.echo({ x: 3, y: 4 })).toEqual({ x: 3, y: 4 });
  const items: number[] = [];
  for await (const i of client.count({ n: 5 })) items.push(i);
  expect(items).toEqual([0, 1, 2, 3, 4]);
  await expect(client.fail({ code: "not_found", message: "gone" })).rejects.toMatchObject({
    code: "not_found",
  });
}

describe("mounting the handler", () => {
  it("serves from a plain node:http server and 404s other paths", async () => {
    const handler = httpHandler(server, { prefix: "/rpc" });
    const base = await listen(createNodeServer((req, res) => handler(req, res)));
    await exercise(createClient(TestService, httpTransport(`${base}/rpc`)));
    expect((await rawRequest(`${base}/other`)).status).toBe(404);
  });

  it("serves under an Express mount path, passing other requests to next()", async () => {
    const app = express();
    app.use("/api/rpc", httpHandler(server));
    app.use(httpHandler(server, { prefix: "/prefixed" }));
    app.get("/health", (_req, res) => {
      res.send("ok");
    });
    const base = await listen(createNodeServer(app));
    await exercise(createClient(TestService, httpTransport(`${base}/api/rpc`)));
    await exercise(createClient(TestService, httpTransport(`${base}/prefixed`, { codec: "json" })));
    const health = await rawRequest(`${base}/health`, { method: "GET" });
    expect(health).toMatchObject({ status: 200, body: "ok" });
  });

  it("serves inside Fastify under a prefix, leaving Fastify's own routes alone", async () => {
    const app = Fastify();
    await app.register(fastifyPlugin(server, { prefix: "/rpc" }));
    app.get("/health", async () => "ok");
    await app.listen({ port: 0, host: "127.0.0.1" });
    cleanups.push(() => app.close());
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    await exercise(createClient(TestService, httpTransport(`${base}/rpc`)));
    expect(await rawRequest(`${base}/health`, { method: "GET" })).toMatchObject({
      status: 200,
      body: "ok",
    });
    expect((await rawRequest(`${base}/nothing`, { method: "GET" })).status).toBe(404);
  });
});
