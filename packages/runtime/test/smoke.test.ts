import {
  createClient,
  createClientSession,
  createMemoryChannelPair,
  createServer,
} from "@rpcgen/runtime";
import { expect, test } from "vitest";
import { TestService, testServiceImpl } from "./fixtures/echo-service.js";

test("smoke", async () => {
  const server = createServer().add(TestService, testServiceImpl);
  const [a, b] = createMemoryChannelPair();
  server.serve(b);
  const client = createClient(TestService, createClientSession(a));
  expect(await client.echo({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
  const items: number[] = [];
  for await (const i of client.count({ n: 1000 })) items.push(i);
  expect(items.length).toBe(1000);
  async function* pts() {
    for (let i = 0; i < 600; i++) yield { x: i, y: 0 };
  }
  expect(await client.sum(pts())).toBe(599 * 300);
  await expect(client.sleep({ ms: 1000 }, { timeoutMs: 50 })).rejects.toMatchObject({
    code: "deadline_exceeded",
  });
  await expect(client.crash(null)).rejects.toMatchObject({
    code: "internal",
    message: "internal error",
  });
});
