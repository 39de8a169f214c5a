/**
 * Per-connection and per-frame byte budgets, crossed by hostile peers against a real server
 * process whose resident memory is read from /proc/<pid>/status.
 */
import { connect, type Socket } from "node:net";
import {
  createClient,
  createServer,
  FrameType,
  msgpackCodec,
  protocolVersion,
  RpcCode,
} from "@rpcgen/runtime";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TestService, testServiceImpl } from "../../runtime/test/fixtures/echo-service.js";
import { peakRssMiB, rssMiB } from "../../runtime/test/support/process-memory.js";
import { listenTcp, tcpTransport } from "../src/index.js";
import { killAllServers, type SpawnedServer, spawnServer } from "./fixtures/spawn-server.js";
import { prefixed, rpcErrorOf, socketClosed, splitFrames } from "./fixtures/util.js";

const MiB = 1024 * 1024;
const codec = msgpackCodec();
const linux = process.platform === "linux";

let server: SpawnedServer;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await spawnServer(["--listen", "tcp"]);
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await killAllServers();
});

function hello(streamWindow: number): Buffer {
  const body = JSON.stringify({
    protocol: "rpcgen",
    version: protocolVersion,
    codecs: ["msgpack"],
    maxFrameBytes: 16 * MiB,
    streamWindow,
  });
  return prefixed(Buffer.from(body));
}

/** A raw client past the handshake; its data is collected until `pause` is called. */
async function rawClient(
  streamWindow: number,
  to: SpawnedServer = server,
): Promise<{ socket: Socket; received: Buffer[] }> {
  const socket = connect({ host: "127.0.0.1", port: to.port! });
  sockets.push(socket);
  socket.on("error", () => {});
  const received: Buffer[] = [];
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.write(hello(streamWindow));
  await new Promise<void>((resolve) =>
    socket.once("data", (chunk: Buffer) => {
      received.push(chunk);
      resolve();
    }),
  );
  socket.on("data", (chunk: Buffer) => received.push(chunk));
  return { socket, received };
}

function call(id: number, path: string, payload: unknown): Buffer {
  return prefixed(codec.encode([FrameType.Call, id, path, null, 0, payload]));
}

/** A well-behaved client on its own connection still gets answers. */
async function assertServerStillServes(to: SpawnedServer = server): Promise<void> {
  const transport = tcpTransport(to.url);
  try {
    const client = createClient(TestService, transport);
    expect(await client.echo({ x: 3, y: 4 })).toEqual({ x: 3, y: 4 });
  } finally {
    transport.close();
  }
}

describe.runIf(linux)("byte budgets against a server process", () => {
  test("a client offering a huge window and not reading a stream of 64 KiB items holds the server's memory flat", async () => {
    await assertServerStillServes();
    const before = rssMiB(server.child);
    const { socket } = await rawClient(2 ** 31 - 1);
    socket.pause();
    socket.write(call(1, "TestService/blobsSync", { count: 1_000_000, size: 64 * 1024 }));
    // Before byte budgets this grew by hundreds of MiB a second and kept climbing.
    const peak = await peakRssMiB(server.child, 20);
    expect(peak - before).toBeLessThan(64);
    socket.destroy();
    await assertServerStillServes();
  });

  test("fifty unread streams of 8 KiB items on one connection stay within the queue budget", async () => {
    const before = rssMiB(server.child);
    const { socket } = await rawClient(1024);
    socket.pause();
    const calls: Buffer[] = [];
    for (let id = 1; id <= 50; id++) {
      calls.push(call(id, "TestService/blobsSync", { count: 1_000_000, size: 8 * 1024 }));
    }
    socket.write(Buffer.concat(calls));
    const peak = await peakRssMiB(server.child, 20);
    expect(peak - before).toBeLessThan(64);
    socket.destroy();
  });

  test("replies piling up for a client that does not read close the connection with resource_exhausted", async () => {
    const own = await spawnServer(["--listen", "tcp", "--limits", '{"maxQueuedBytes":1048576}']);
    const { socket } = await rawClient(16, own);
    const payload = new Uint8Array(256 * 1024).fill(7);
    // A call left in flight learns, through its signal, why the server gave up; then 100
    // replies of 256 KiB (25 MiB), far past what the kernel buffers plus maxQueuedBytes hold.
    const calls = [call(1, "TestService/sleep", { ms: 600_000 })];
    for (let id = 2; id <= 101; id++) calls.push(call(id, "TestService/echoBytes", payload));
    const closed = socketClosed(socket);
    socket.pause();
    socket.write(Buffer.concat(calls));
    // The goaway sits behind replies the client never reads, so it cannot be seen here; the
    // server's own record of the aborted call says why it closed.
    const watcher = tcpTransport(own.url);
    try {
      const client = createClient(TestService, watcher);
      while ((await client.lastAbort(null)) !== RpcCode.ResourceExhausted) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const after = rssMiB(own.child);
      socket.resume();
      await closed;
      expect(rssMiB(own.child) - after).toBeLessThan(64);
      expect(await client.echo({ x: 3, y: 4 })).toEqual({ x: 3, y: 4 });
    } finally {
      watcher.close();
    }
  });

  test("a 4 MiB msgpack frame of empty maps is refused before decoding, at little cost", async () => {
    const before = rssMiB(server.child);
    const { socket, received } = await rawClient(16);
    const count = 4 * MiB - 64;
    const head = Buffer.from(codec.encode([FrameType.Call, 1, "TestService/echo", null, 0]));
    head[0] = 0x96; // the same array with a sixth element: the payload that follows
    const body = Buffer.concat([
      head,
      Buffer.from([0xdd, count >>> 24, (count >>> 16) & 0xff, (count >>> 8) & 0xff, count & 0xff]),
      Buffer.alloc(count, 0x80),
    ]);
    const closed = socketClosed(socket);
    socket.write(prefixed(body));
    await closed;
    const after = rssMiB(server.child);
    const goaway = codec.decode(splitFrames(Buffer.concat(received)).at(-1)!) as unknown[];
    expect(goaway[0]).toBe(FrameType.GoAway);
    expect(goaway[2]).toMatchObject({
      code: RpcCode.InvalidArgument,
      message: expect.stringMatching(/holds more than \d+ arrays and objects \(decode budget/),
    });
    // The frame itself is 4 MiB; decoding it used to add some 300 MiB.
    expect(after - before).toBeLessThan(48);
  });
});

test("a server over maxConnections refuses the next connection at the handshake", async () => {
  const local = createServer({ maxConnections: 2 }).add(TestService, testServiceImpl);
  const listener = await listenTcp(local, { port: 0 });
  const transports = [1, 2, 3].map(() => tcpTransport(listener.url, { reconnect: false }));
  try {
    const [a, b, c] = transports.map((t) => createClient(TestService, t));
    expect(await a!.echo({ x: 1, y: 1 })).toEqual({ x: 1, y: 1 });
    expect(await b!.echo({ x: 2, y: 2 })).toEqual({ x: 2, y: 2 });
    const error = await rpcErrorOf(c!.echo({ x: 3, y: 3 }));
    expect(error.code).toBe(RpcCode.Unavailable);
    expect(error.message).toMatch(/too many connections: limit maxConnections = 2/);
    expect(local.connections).toBe(2);
    // A slot that frees up is usable again.
    transports[0]!.close();
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (local.connections < 2) resolve();
        else setImmediate(check);
      };
      check();
    });
    const d = tcpTransport(listener.url);
    transports.push(d);
    expect(await createClient(TestService, d).echo({ x: 4, y: 4 })).toEqual({ x: 4, y: 4 });
  } finally {
    for (const t of transports) t.close();
    await listener.close({ graceMs: 100 });
  }
});
