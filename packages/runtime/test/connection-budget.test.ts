import {
  type CallSpec,
  type ClientSession,
  type ConnectionAttempt,
  type ConnectionTransport,
  type ConnectionTransportOptions,
  type Connector,
  connectionTransport,
  createMemoryChannelPair,
  createServer,
  type FrameChannel,
  openSession,
  RpcCode,
  RpcError,
} from "@rpcgen/runtime";
import { afterEach, describe, expect, test, vi } from "vitest";
import { TestService, testServiceImpl } from "./fixtures/echo-service.js";
import { rpcErrorOf } from "./support/errors.js";

const server = createServer().add(TestService, testServiceImpl);

/** One attempt the test settles by hand: it fails, succeeds over a memory pair, or hangs. */
class FakeAttempt implements ConnectionAttempt {
  readonly session: Promise<ClientSession>;
  readonly closed: Promise<void>;
  permanent = false;
  #resolve!: (session: ClientSession) => void;
  #reject!: (error: RpcError) => void;
  #gone!: () => void;

  constructor(readonly url: string) {
    this.session = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.closed = new Promise((resolve) => {
      this.#gone = resolve;
    });
  }

  /**
   * Fails the way a dialer does: `unavailable`, naming the server and the cause. Resolves once
   * the transport has seen it (its handler was attached first, so it has run by then).
   */
  fail(cause: string, options: { readonly permanent?: boolean } = {}): Promise<void> {
    this.permanent = options.permanent ?? false;
    this.#reject(new RpcError(RpcCode.Unavailable, `cannot connect to ${this.url}: ${cause}`));
    this.#gone();
    return this.session.then(
      () => {},
      () => {},
    );
  }

  /** Connects to the test server over a memory pair and runs the real handshake. */
  succeed(): void {
    const [clientEnd, serverEnd] = createMemoryChannelPair();
    server.serve(serverEnd);
    const gone = () => this.#gone();
    const channel: FrameChannel = {
      peer: clientEnd.peer,
      start: (sink, limits) =>
        clientEnd.start(
          {
            onFrame: (frame) => sink.onFrame(frame),
            onProtocolError: (error) => sink.onProtocolError(error),
            onClose: (error) => {
              gone();
              sink.onClose(error);
            },
          },
          limits,
        ),
      send: (frame) => clientEnd.send(frame),
      close: () => {
        gone();
        clientEnd.close();
      },
    };
    openSession(channel, { url: this.url }).then(this.#resolve, this.#reject);
  }

  abort(reason: string): void {
    void this.fail(reason);
  }
}

/** A connector whose attempts the test sees as they are made, and settles itself. */
class FakeConnector implements Connector {
  readonly url = "fake://server";
  readonly attempts: FakeAttempt[] = [];
  readonly timeouts: number[] = [];
  readonly #waiting = new Map<number, (attempt: FakeAttempt) => void>();

  connect({ timeoutMs }: { readonly timeoutMs: number }): ConnectionAttempt {
    const attempt = new FakeAttempt(this.url);
    this.attempts.push(attempt);
    this.timeouts.push(timeoutMs);
    this.#waiting.get(this.attempts.length)?.(attempt);
    return attempt;
  }

  /** Resolves with attempt number `n` (from 1) once it has been made. */
  attempt(n: number): Promise<FakeAttempt> {
    const made = this.attempts[n - 1];
    if (made !== undefined) return Promise.resolve(made);
    return new Promise((resolve) => this.#waiting.set(n, resolve));
  }
}

/** Retries come on the next timer turn, so attempts follow each other without real waiting. */
const noDelay = { initialDelayMs: 0, maxDelayMs: 0 };

const transports: ConnectionTransport[] = [];

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(transports.splice(0).map((t) => t.close()));
});

function setup(options: ConnectionTransportOptions = {}) {
  const connector = new FakeConnector();
  const transport = connectionTransport(connector, { reconnect: noDelay, ...options });
  transports.push(transport);
  return { connector, transport };
}

function spec(deadline?: number): CallSpec {
  return {
    path: "TestService/echo",
    kind: "unary",
    metadata: undefined,
    deadline,
    signal: undefined,
    onHeaders: undefined,
    onTrailers: undefined,
    decode: undefined,
  };
}

const echo = (transport: ConnectionTransport, deadline?: number) =>
  transport.unary(spec(deadline), { x: 1, y: 2 });

describe("a call without a deadline while the server is down", () => {
  test("fails unavailable once connectAttempts attempts in a row have failed, naming the server and the last error", async () => {
    const { connector, transport } = setup({ connectAttempts: 3 });
    const call = rpcErrorOf(echo(transport));
    for (let n = 1; n <= 3; n++) {
      await (await connector.attempt(n)).fail(`connect ECONNREFUSED 127.0.0.1:700${n}`);
    }
    const error = await call;
    expect(error.code).toBe("unavailable");
    expect(error.message).toBe(
      "no connection to fake://server: 3 attempts in a row failed (connectAttempts = 3); last error: cannot connect to fake://server: connect ECONNREFUSED 127.0.0.1:7003",
    );
    expect(connector.attempts).toHaveLength(3);
  });

  test("a call made while the server is known to be down fails at once, without an attempt of its own", async () => {
    const { connector, transport } = setup({
      connectAttempts: 2,
      reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    const first = rpcErrorOf(echo(transport));
    await (await connector.attempt(1)).fail("connect ECONNREFUSED");
    // One failure of two allowed: the call waits through the backoff for the retry.
    expect(transport.state).toBe("backoff");
    // connect() skips the backoff, so the second failure comes without waiting for it.
    const connecting = transport.connect().catch(() => {});
    await (await connector.attempt(2)).fail("connect ECONNREFUSED");
    await connecting;
    expect((await first).message).toContain("2 attempts in a row failed");
    expect(transport.state).toBe("backoff");

    const late = await rpcErrorOf(echo(transport));
    expect(late.code).toBe("unavailable");
    expect(late.message).toContain("connectAttempts = 2");
    expect(connector.attempts).toHaveLength(2);
  });

  test("a call that joins while attempts are failing fails with them, not after attempts of its own", async () => {
    const { connector, transport } = setup({ connectAttempts: 2 });
    const first = rpcErrorOf(echo(transport));
    await (await connector.attempt(1)).fail("refused");
    const second = rpcErrorOf(echo(transport));
    await (await connector.attempt(2)).fail("refused");
    const errors = await Promise.all([first, second]);
    expect(errors.map((e) => e.code)).toEqual(["unavailable", "unavailable"]);
    expect(connector.attempts).toHaveLength(2);
  });

  test("goes through when an attempt within the budget succeeds", async () => {
    const { connector, transport } = setup({ connectAttempts: 3 });
    const call = echo(transport);
    await (await connector.attempt(1)).fail("refused");
    (await connector.attempt(2)).succeed();
    expect(await call).toEqual({ x: 1, y: 2 });
    expect(transport.state).toBe("open");
  });

  test("fails unavailable after connectTimeoutMs when no attempt finishes", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { connector, transport } = setup({ connectTimeoutMs: 2000 });
    const call = rpcErrorOf(echo(transport));
    await connector.attempt(1);
    await vi.advanceTimersByTimeAsync(2000);
    const error = await call;
    expect(error.code).toBe("unavailable");
    expect(error.message).toBe(
      "no connection to fake://server within connectTimeoutMs = 2000 ms (still connecting)",
    );
  });

  test("ends at the call's deadline when that comes before connectTimeoutMs", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { connector, transport } = setup({ connectTimeoutMs: 10_000 });
    const call = rpcErrorOf(echo(transport, performance.now() + 500));
    await (await connector.attempt(1)).fail("connect ECONNREFUSED 127.0.0.1:7000");
    await vi.advanceTimersByTimeAsync(500);
    const error = await call;
    expect(error.code).toBe("unavailable");
    expect(error.message).toMatch(
      /^no connection to fake:\/\/server before the call's deadline; last error: .*ECONNREFUSED/,
    );
  });
});

describe("with waitForReady", () => {
  test("a call waits through any number of failed attempts and goes through once one succeeds", async () => {
    const { connector, transport } = setup({ waitForReady: true, connectAttempts: 1 });
    const call = echo(transport);
    for (let n = 1; n <= 5; n++) await (await connector.attempt(n)).fail("refused");
    (await connector.attempt(6)).succeed();
    expect(await call).toEqual({ x: 1, y: 2 });
  });

  test("only the call's deadline bounds the wait, not connectTimeoutMs", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { connector, transport } = setup({ waitForReady: true, connectTimeoutMs: 100 });
    let settled = false;
    const call = rpcErrorOf(echo(transport, performance.now() + 5000)).finally(() => {
      settled = true;
    });
    await connector.attempt(1);
    await vi.advanceTimersByTimeAsync(4900);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect((await call).message).toContain("before the call's deadline");
  });
});

describe("a permanent failure", () => {
  test("fails every waiting call at once, waitForReady or not, and schedules no retry", async () => {
    const patient = setup({ waitForReady: true });
    const call = rpcErrorOf(echo(patient.transport));
    await (await patient.connector.attempt(1)).fail("spawn nope ENOENT", { permanent: true });
    const error = await call;
    expect(error.code).toBe("unavailable");
    expect(error.message).toBe("cannot connect to fake://server: spawn nope ENOENT");
    expect(patient.transport.state).toBe("idle");
    expect(patient.connector.attempts).toHaveLength(1);
  });
});

describe("the transport's options", () => {
  test("each attempt is bounded by connectTimeoutMs", async () => {
    const { connector, transport } = setup({ connectTimeoutMs: 1234 });
    const call = echo(transport);
    (await connector.attempt(1)).succeed();
    await call;
    expect(connector.timeouts).toEqual([1234]);
  });

  test("connect() fails with the first failed attempt", async () => {
    const { connector, transport } = setup({ connectAttempts: 5 });
    const connecting = rpcErrorOf(transport.connect());
    await (await connector.attempt(1)).fail("refused");
    expect((await connecting).message).toBe("cannot connect to fake://server: refused");
  });

  test("options that cannot work are refused when the transport is created", () => {
    const connector = new FakeConnector();
    expect(() => connectionTransport(connector, { connectAttempts: 0 })).toThrow(
      /connectAttempts must be a whole number of at least 1, got 0/,
    );
    expect(() => connectionTransport(connector, { connectAttempts: 1.5 })).toThrow(RangeError);
    expect(() => connectionTransport(connector, { connectTimeoutMs: 0 })).toThrow(
      /connectTimeoutMs must be > 0/,
    );
  });
});
