import {
  type Codec,
  type CodecName,
  type FrameChannel,
  FrameType,
  jsonCodec,
  msgpackCodec,
  protocolVersion,
} from "@rpcgen/runtime";

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** A fresh codec of the given name, as a session would make for itself. */
export function codecFor(name: CodecName): Codec {
  return name === "json" ? jsonCodec() : msgpackCodec({ connection: true });
}

/**
 * A stateless codec for frames crafted one by one: plain msgpack, which a session decodes as
 * well as its own records, so each frame can be peeked at alone and sent in any order.
 */
export function frameCodecFor(name: CodecName): Codec {
  return name === "json" ? jsonCodec() : msgpackCodec();
}

/** A client hello, as JSON bytes. */
export function clientHello(codec: CodecName, streamWindow: number): Uint8Array {
  return utf8.encode(
    JSON.stringify({
      protocol: "rpcgen",
      version: protocolVersion,
      codecs: [codec],
      maxFrameBytes: 1 << 24,
      streamWindow,
    }),
  );
}

/** A server hello, as JSON bytes. */
export function serverHello(codec: CodecName, streamWindow: number): Uint8Array {
  return utf8.encode(
    JSON.stringify({
      protocol: "rpcgen",
      version: protocolVersion,
      codec,
      maxFrameBytes: 1 << 24,
      streamWindow,
    }),
  );
}

/** What a peer received, in order: the JSON hello first, then decoded frames. */
export type Received =
  | { readonly hello: unknown }
  | { readonly frame: unknown }
  | { readonly undecodable: Uint8Array };

/**
 * One end of a frame channel driven by hand: records every frame and the close, and lets a test
 * wait for a condition over what arrived. The codec switches from JSON to `codec` after the
 * first frame, as the protocol does.
 */
export class WirePeer {
  readonly received: Received[] = [];
  closed = false;
  readonly #channel: FrameChannel;
  #codec: Codec | undefined;
  readonly #codecName: CodecName;
  readonly #waiters = new Set<() => void>();

  constructor(channel: FrameChannel, codec: CodecName) {
    this.#channel = channel;
    this.#codecName = codec;
    channel.start(
      {
        onFrame: (bytes) => {
          this.#record(bytes);
          this.#wake();
        },
        onProtocolError: () => {
          this.closed = true;
          this.#wake();
        },
        onClose: () => {
          this.closed = true;
          this.#wake();
        },
      },
      { maxFrameBytes: 1 << 24 },
    );
  }

  /** Frames after the hello, decoded. */
  get frames(): unknown[] {
    return this.received.flatMap((r) => ("frame" in r ? [r.frame] : []));
  }

  /** The server's hello, if it came. */
  get hello(): unknown {
    const first = this.received[0];
    return first !== undefined && "hello" in first ? first.hello : undefined;
  }

  send(bytes: Uint8Array): void {
    this.#channel.send(bytes);
  }

  /** Encodes with the codec in use (the one the server's hello named, once it came). */
  encode(frame: unknown): Uint8Array {
    return (this.#codec ?? codecFor(this.#codecName)).encode(frame);
  }

  close(): void {
    this.#channel.close();
  }

  /** Resolves once `condition` holds; rejects if it does not within `guardMs` (a hang). */
  until(condition: () => boolean, what: string, guardMs = 5_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!condition()) return;
        clearTimeout(guard);
        this.#waiters.delete(check);
        resolve();
      };
      const guard = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`peer hung: no ${what} within ${guardMs} ms`));
      }, guardMs);
      this.#waiters.add(check);
      check();
    });
  }

  #record(bytes: Uint8Array): void {
    if (this.received.length === 0) {
      const hello: unknown = JSON.parse(fromUtf8.decode(bytes));
      this.received.push({ hello });
      // A server hello names the codec; a client hello offers a list (we use ours).
      const named = (hello as { codec?: unknown } | null)?.codec;
      this.#codec = codecFor(named === "json" || named === "msgpack" ? named : this.#codecName);
      return;
    }
    try {
      this.received.push({ frame: this.#codec!.decode(bytes) });
    } catch {
      this.received.push({ undecodable: bytes.slice() });
    }
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}

/** Frame types a server may send. */
export const serverFrameTypes: ReadonlySet<unknown> = new Set([
  FrameType.Message,
  FrameType.Headers,
  FrameType.Result,
  FrameType.Status,
  FrameType.Credit,
  FrameType.Ping,
  FrameType.Pong,
  FrameType.GoAway,
]);

/** Resolves as `work` does; rejects if it has not settled within `guardMs` (a hang). */
export function within<T>(work: Promise<T>, what: string, guardMs = 5_000): Promise<T> {
  let guard: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    guard = setTimeout(() => reject(new Error(`hung: no ${what} within ${guardMs} ms`)), guardMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(guard));
}

/** Lets every queued microtask and immediate run: in-memory channels deliver on microtasks. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Decodes `bytes` as an array frame, or undefined. */
export function peek(codec: CodecName, bytes: Uint8Array): unknown[] | undefined {
  try {
    const value = frameCodecFor(codec).decode(bytes);
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
