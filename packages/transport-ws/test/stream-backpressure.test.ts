/**
 * A response stream to a WebSocket client that stops reading, against a server in another
 * process whose resident memory is read from /proc/<pid>/status.
 */
import { createClient, defaultLimits } from "@rpcgen/runtime";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { WebSocket } from "ws";
import { TestService } from "../../runtime/test/fixtures/echo-service.js";
import { peakRssMiB, rssMiB } from "../../runtime/test/support/process-memory.js";
import { maxMessageBytes, wsTransport } from "../src/node.js";
import { killAllServers, type SpawnedServer, spawnServer } from "./fixtures/spawn-server.js";

const itemBytes = 64 * 1024;
/**
 * Wide enough on both sides that credit never stops the stream: 1500 items of 64 KiB (94 MiB,
 * more than the default maxBufferedBytes) all fit, so only the server's waiting for its socket
 * to drain can hold it back.
 */
const streamWindow = 4096;
const items = 1500;

let server: SpawnedServer;

beforeAll(async () => {
  server = await spawnServer(["--limits", JSON.stringify({ streamWindow })]);
});

afterAll(async () => {
  await killAllServers();
});

/** The `ws` sockets the client opened, so the test can stop reading one. */
const opened: WebSocket[] = [];

class TrackedWebSocket extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols, {
      maxPayload: maxMessageBytes(defaultLimits.maxFrameBytes),
      perMessageDeflate: false,
    });
    opened.push(this);
  }
}

/** Blob k of `blobsSync` is `itemBytes` bytes, each of them k (mod 256). */
function expectBlob(blob: Uint8Array, k: number): void {
  const bytes = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (!bytes.equals(Buffer.alloc(itemBytes, k % 256))) {
    expect.fail(`blob ${k} is not ${itemBytes} bytes of ${k % 256}`);
  }
}

describe.runIf(process.platform === "linux")("a client that stops reading a stream", () => {
  test("of 64 KiB items holds the server's memory flat; reading again, the stream resumes and nothing is lost", async () => {
    const transport = wsTransport(server.url, {
      WebSocket: TrackedWebSocket,
      limits: { streamWindow },
      reconnect: false,
    });
    try {
      const client = createClient(TestService, transport);
      expect(await client.echo({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
      const before = rssMiB(server.child);
      const stream = client.blobsSync({ count: items, size: itemBytes })[Symbol.asyncIterator]();
      const first = await stream.next();
      expectBlob(first.value as Uint8Array, 0);
      // Stop reading (ws's own pause, which holds the socket's reads).
      const socket = opened.at(-1)!;
      socket.pause();
      // It settles some 30 MiB up (the stream's encoding) and stays there. Without waiting for
      // the socket to drain it grew by 137 MiB: all 94 MiB queued, or cut off at
      // maxBufferedBytes (64 MiB), which ends the stream.
      const peak = await peakRssMiB(server.child, 20);
      expect(peak - before).toBeLessThan(64);

      socket.resume();
      let k = 1;
      for (;;) {
        const next = await stream.next();
        if (next.done === true) break;
        expectBlob(next.value, k);
        k++;
      }
      expect(k).toBe(items);
    } finally {
      await transport.close();
    }
  }, 60_000);
});
