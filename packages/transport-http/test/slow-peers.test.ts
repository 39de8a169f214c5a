import { mkdtempSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@rpcgen/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePki } from "../../runtime/test/auth-certs.js";
import { TestService } from "../../runtime/test/fixtures/echo-service.js";
import { needs } from "../../runtime/test/support/external.js";
import { httpTransport } from "../src/node.js";
import type { HttpListener } from "../src/server.js";
import { startLocal } from "./fixtures/local.js";

/** What a raw connection got back before the server closed it. */
interface Trickled {
  readonly received: string;
  /** Bytes the peer managed to write before the close. */
  readonly written: number;
}

/**
 * A peer on a raw socket that writes `start` at once, then `trickle` one byte per tick of
 * `everyMs`, over and over, until the server closes the connection: what a slow-loris
 * attacker does. Resolves when the server has closed it; there is no timer of its own, so a
 * server that never closes fails the test by vitest's timeout.
 */
function trickle(port: number, start: string, trickle: string, everyMs = 10): Promise<Trickled> {
  return new Promise((resolve) => {
    const socket: Socket = connect({ host: "127.0.0.1", port });
    let received = "";
    let written = 0;
    let timer: ReturnType<typeof setInterval> | undefined;
    socket.setEncoding("latin1").on("data", (text: string) => {
      received += text;
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      clearInterval(timer);
      resolve({ received, written });
    });
    socket.once("connect", () => {
      if (start !== "") socket.write(start);
      written += start.length;
      if (trickle === "") return;
      let next = 0;
      timer = setInterval(() => {
        if (!socket.writable) return;
        socket.write(trickle[next % trickle.length]!);
        next += 1;
        written += 1;
      }, everyMs);
    });
  });
}

const post = (path: string, headers: string): string =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}`;

describe("slow peers against listenHttp", () => {
  let listener: HttpListener;
  beforeAll(async () => {
    // One call at a time, so a call slot a cut-off peer kept would show.
    listener = await startLocal(
      { timeouts: { headersMs: 200, requestMs: 400, idleMs: 200 } },
      { limits: { maxConcurrentCalls: 1 } },
    );
  });
  afterAll(() => listener.close({ graceMs: 100 }));

  it("closes a connection that sends nothing with 408 after timeouts.headersMs", async () => {
    const { received } = await trickle(listener.port, "", "");
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("closes a connection trickling its headers a byte at a time", async () => {
    const { received, written } = await trickle(
      listener.port,
      post("/TestService/echo", "x-padding: "),
      "abcdefgh",
    );
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    // Bounded by the timeout: a server waiting for the end of the headers would read forever.
    expect(written).toBeLessThan(1000);
  });

  it("closes a connection trickling a chunked body after timeouts.requestMs, freeing its call", async () => {
    const { received } = await trickle(
      listener.port,
      `${post("/TestService/echo", "content-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")}1\r\n{\r\n`,
      "1\r\n \r\n",
    );
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    // The call was admitted when its headers arrived; with maxConcurrentCalls = 1 another
    // call gets through only once the server has ended it.
    const transport = httpTransport(listener.url);
    const client = createClient(TestService, transport);
    await expect
      .poll(() =>
        client.echo({ x: 1, y: 1 }).then(
          () => "served",
          (e: { code: string }) => e.code,
        ),
      )
      .toBe("served");
    await transport.close();
  });

  it("closes a kept-alive connection that sends no next request after timeouts.idleMs", async () => {
    const body = '{"x":1,"y":2}';
    const { received } = await trickle(
      listener.port,
      post(
        "/TestService/echo",
        `content-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
      ),
      "",
    );
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
    expect(received).toContain(body);
  });

  it("serves a request whose headers and body come in pieces within the timeouts", async () => {
    const body = '{"x":3,"y":4}';
    const pieces = [
      post("/TestService/echo", "content-type: application/json\r\n"),
      `content-length: ${body.length}\r\n\r\n`,
      body.slice(0, 5),
      body.slice(5),
    ];
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port: listener.port });
      let received = "";
      socket.setEncoding("latin1").on("data", (text: string) => {
        received += text;
        if (received.includes(body)) {
          socket.destroy();
          resolve(received);
        }
      });
      socket.on("error", reject);
      // One piece per event-loop turn: the server sees them as separate reads.
      const send = (i: number): void => {
        const piece = pieces[i];
        if (piece === undefined) return;
        socket.write(piece, () => setImmediate(() => send(i + 1)));
      };
      socket.once("connect", () => send(0));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });

  it("keeps serving other clients while slow peers are cut off", async () => {
    const slow = Array.from({ length: 20 }, () =>
      trickle(listener.port, post("/TestService/echo", "x-padding: "), "abc"),
    );
    const transport = httpTransport(listener.url);
    const client = createClient(TestService, transport);
    expect(await client.echo({ x: 5, y: 6 })).toEqual({ x: 5, y: 6 });
    for (const outcome of await Promise.all(slow)) {
      expect(outcome.received).toMatch(/^HTTP\/1\.1 408 /);
    }
    await transport.close();
  });
});

describe("a client that stops reading a server stream", () => {
  it("is cut off after timeouts.responseStallMs, its handler aborted and its call slot freed", async () => {
    let ended: (reason: unknown) => void = () => {};
    const outcome = new Promise<unknown>((resolve) => {
      ended = resolve;
    });
    const listener = await startLocal(
      { timeouts: { responseStallMs: 200 } },
      {
        limits: { maxConcurrentCalls: 1 },
        interceptors: [
          async (ctx, next) => {
            await next().catch(() => {});
            ended(ctx.signal.reason);
          },
        ],
      },
    );
    const socket = connect({ host: "127.0.0.1", port: listener.port });
    try {
      socket.on("error", () => {});
      const body = JSON.stringify({ n: 100_000_000 });
      // Ask for an endless stream, then read none of it.
      socket.pause();
      socket.write(
        post(
          "/TestService/count",
          `content-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
        ),
      );
      expect(await outcome).toMatchObject({
        code: "resource_exhausted",
        message: "the client read nothing of the response for responseStallMs = 200 ms",
      });
      const transport = httpTransport(listener.url);
      expect(await createClient(TestService, transport).echo({ x: 1, y: 2 })).toEqual({
        x: 1,
        y: 2,
      });
      await transport.close();
    } finally {
      socket.destroy();
      await listener.close({ graceMs: 100 });
    }
  });
});

describe("timeouts options", () => {
  it("refuses timeouts that are not positive whole milliseconds, naming the option", async () => {
    await expect(startLocal({ timeouts: { idleMs: 0 } })).rejects.toThrow(
      "timeouts.idleMs must be a positive whole number of milliseconds, got 0",
    );
    await expect(startLocal({ timeouts: { responseStallMs: -1 } })).rejects.toThrow(
      "timeouts.responseStallMs must be a positive whole number of milliseconds, got -1",
    );
    await expect(startLocal({ timeouts: { headersMs: 500, requestMs: 100 } })).rejects.toThrow(
      "timeouts.headersMs (500) must not exceed timeouts.requestMs (100)",
    );
  });
});

describe.runIf(await needs("openssl", "https slow-peer tests"))("https", () => {
  const dir = mkdtempSync(join(tmpdir(), "rpcgen-https-slow-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("drops a peer that never finishes the TLS handshake after timeouts.handshakeMs", async () => {
    const { server: identity } = makePki(dir);
    const listener = await startLocal({
      tls: { cert: identity.cert, key: identity.key },
      timeouts: { handshakeMs: 200 },
    });
    try {
      expect(listener.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      // Half a TLS record header, then silence: only the handshake timer can end this.
      const { received } = await trickle(listener.port, "\x16\x03", "");
      expect(received).toBe("");
    } finally {
      await listener.close({ graceMs: 100 });
    }
  });
});
