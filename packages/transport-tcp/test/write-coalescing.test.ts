import { Socket } from "node:net";
import { createClient, createServer } from "@rpcgen/runtime";
import { afterEach, expect, test, vi } from "vitest";
import { TestService, testServiceImpl } from "../../runtime/test/fixtures/echo-service.js";
import { listenTcp, type TcpListener, type TcpTransport, tcpTransport } from "../src/index.js";

let listener: TcpListener | undefined;
let transport: TcpTransport | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  await transport?.close();
  await listener?.close({ graceMs: 100 });
});

test("64 concurrent calls leave the client in a handful of socket writes, not 64", async () => {
  listener = await listenTcp(createServer().add(TestService, testServiceImpl), { port: 0 });
  const port = listener.port!;
  transport = tcpTransport({ host: "127.0.0.1", port });
  await transport.connect();

  // Count writes on real sockets, split by side: the client's socket has the server's port
  // as its remote port, the server's socket has it as its local port.
  let clientWrites = 0;
  let serverWrites = 0;
  const write = Socket.prototype.write;
  vi.spyOn(Socket.prototype, "write").mockImplementation(function (
    this: Socket,
    ...args: Parameters<Socket["write"]>
  ) {
    if (this.remotePort === port) clientWrites++;
    else if (this.localPort === port) serverWrites++;
    return write.apply(this, args);
  });

  const client = createClient(TestService, transport);
  const results = await Promise.all(
    Array.from({ length: 64 }, (_, i) => client.echo({ x: i, y: i * 2 })),
  );
  expect(results.map((r) => r.x)).toEqual(Array.from({ length: 64 }, (_, i) => i));
  expect(clientWrites).toBeGreaterThanOrEqual(1);
  expect(clientWrites).toBeLessThanOrEqual(4);
  // The replies to one incoming batch are coalesced the same way on the server.
  expect(serverWrites).toBeGreaterThanOrEqual(1);
  expect(serverWrites).toBeLessThanOrEqual(8);
});
