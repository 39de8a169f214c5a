import { type CodecName, FrameType, type MethodKind, RpcCode } from "@rpcgen/runtime";
import fc from "fast-check";
import { TestService } from "../fixtures/echo-service.js";
import { jsonData, msgpackData, msgpackishBytes } from "./arbitraries.js";
import { frameCodecFor } from "./wire-peer.js";

/**
 * How a generated frame names its call: the next fresh id (so calls really open), one of the
 * ids opened so far (optionally one whose method streams in or out, so the frame fits it), or
 * any value at all.
 */
export type IdRef =
  | { readonly fresh: number }
  | { readonly opened: number; readonly streams?: "in" | "out" }
  | { readonly raw: unknown };

/** A frame before ids are resolved and it is encoded with the session's codec. */
export type WireFrame =
  | { readonly bytes: Uint8Array }
  | { readonly value: unknown }
  | { readonly type: number; readonly id: IdRef; readonly rest: readonly unknown[] };

/** One step of a hostile script: a frame, optionally after letting the server run. */
export interface Step {
  readonly frame: WireFrame;
  readonly yieldFirst: boolean;
}

const methods = Object.values(TestService.methods);
const pathOf = (name: string) => `${TestService.name}/${name}`;
const kinds = new Map<unknown, MethodKind>(methods.map((m) => [pathOf(m.name), m.kind]));
const paths = [...kinds.keys(), pathOf("nope"), "Nope/echo", "", "/"];

const smallInt = fc.integer({ min: -3, max: 40 });
const point = fc.record({ x: smallInt, y: smallInt });

/** Payloads shaped for the test service's methods, so handlers really run, or any data. */
function payload(data: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    point,
    fc.record({ n: fc.integer({ min: 0, max: 20 }), delayMs: fc.integer({ min: 0, max: 2 }) }),
    fc.record({ ms: fc.integer({ min: 0, max: 20 }) }),
    fc.record({
      code: fc.oneof(fc.constantFrom(...Object.values(RpcCode)), fc.string()),
      message: fc.string(),
    }),
    fc.string({ maxLength: 6 }),
    fc.constant(null),
    data,
  );
}

/** The request each method of the test service expects (or nothing for streaming input). */
function requestFor(name: string, data: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  switch (name) {
    case "echo":
      return point;
    case "count":
      return fc.record({
        n: fc.integer({ min: 0, max: 30 }),
        delayMs: fc.constantFrom(0, 0, 0, 1),
      });
    case "countSlowly":
      return fc.record({ n: fc.integer({ min: 0, max: 3 }) });
    case "sleep":
      return fc.record({ ms: fc.integer({ min: 0, max: 10 }) });
    case "fail":
      return fc.record({
        code: fc.constantFrom(...Object.values(RpcCode)),
        message: fc.string({ maxLength: 8 }),
      });
    case "sum":
    case "pingPong":
      return fc.constant(undefined);
    default:
      return fc.oneof(fc.constant(null), data);
  }
}

/** One of the calls opened so far, optionally one whose method streams in or out. */
function openedRef(streams?: "in" | "out"): fc.Arbitrary<IdRef> {
  return fc.nat(8).map((opened) => (streams === undefined ? { opened } : { opened, streams }));
}

/** Mostly an opened call; now and then any id at all (negative, fractional, a string). */
function idRef(): fc.Arbitrary<IdRef> {
  return fc.oneof(
    { weight: 9, arbitrary: openedRef() },
    {
      weight: 1,
      arbitrary: fc
        .oneof(fc.integer({ min: -2, max: 40 }), fc.constantFrom(0.5, 2 ** 40, -0), fc.string())
        .map((raw) => ({ raw })),
    },
  );
}

function metadata(data: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(null) },
    { weight: 3, arbitrary: fc.dictionary(fc.constantFrom("x-request", "a", "b"), fc.string()) },
    { weight: 1, arbitrary: data },
  );
}

const timeoutMs = fc.oneof(
  { weight: 4, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 30 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(-1, 0.5, "soon", null, 2 ** 31, 3e9, Number.POSITIVE_INFINITY),
  },
);

const goodCredit = fc.integer({ min: 0, max: 8 });
const credit = fc.oneof(
  { weight: 5, arbitrary: goodCredit },
  { weight: 1, arbitrary: fc.constantFrom(-1, -100, 0.5, Number.NaN, "1", null) },
);

function frame(type: number, id: fc.Arbitrary<IdRef>, ...rest: fc.Arbitrary<unknown>[]) {
  return fc
    .tuple(id, ...rest)
    .map(([ref, ...values]): WireFrame => ({ type, id: ref, rest: values }));
}

/** A CALL that fits its method: the right request shape, sane metadata and timeout. */
function fittingCall(data: fc.Arbitrary<unknown>): fc.Arbitrary<WireFrame> {
  return fc
    .constantFrom(...methods)
    .chain((m) =>
      fc.tuple(
        fc.constant(pathOf(m.name)),
        fc.nat(2),
        fc.option(fc.constant({ "x-request": "hi" }), { nil: null }),
        fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, fc.integer({ min: 1, max: 20 })),
        requestFor(m.name, data),
      ),
    )
    .map(([path, gap, meta, timeout, body]) => ({
      type: FrameType.Call,
      id: { fresh: gap },
      rest: body === undefined ? [path, meta, timeout] : [path, meta, timeout, body],
    }));
}

/**
 * Frames a client could send to a server: well-formed frames of every type with random
 * fields (reaching calls in progress, credit, cancel and half-close), wrong-direction and
 * unknown types, non-array values, random bytes and frames over the server's limit.
 */
export function clientFrames(
  codec: CodecName,
  serverMaxFrameBytes: number,
): fc.Arbitrary<WireFrame> {
  const data = codec === "json" ? jsonData : msgpackData;
  const call = fc
    .tuple(
      fc.oneof({ weight: 6, arbitrary: fc.nat(3).map((gap) => ({ fresh: gap })) }, idRef()),
      fc.constantFrom(...paths),
      metadata(data),
      timeoutMs,
      fc.option(payload(data), { nil: undefined }),
    )
    .map(
      ([id, path, meta, timeout, body]): WireFrame => ({
        type: FrameType.Call,
        id,
        rest: body === undefined ? [path, meta, timeout] : [path, meta, timeout, body],
      }),
    );
  const garbage: fc.Arbitrary<Uint8Array> =
    codec === "msgpack"
      ? fc.oneof(fc.uint8Array({ maxLength: 48 }), msgpackishBytes)
      : fc.oneof(
          fc.uint8Array({ maxLength: 48 }),
          fc.json({ maxDepth: 3 }).map((text) => new TextEncoder().encode(text)),
        );
  return fc.oneof(
    { weight: 4, arbitrary: call },
    { weight: 4, arbitrary: fittingCall(data) },
    { weight: 5, arbitrary: frame(FrameType.Message, idRef(), payload(data)) },
    { weight: 2, arbitrary: frame(FrameType.HalfClose, idRef()) },
    { weight: 2, arbitrary: frame(FrameType.Cancel, idRef()) },
    { weight: 4, arbitrary: frame(FrameType.Credit, idRef(), credit) },
    { weight: 1, arbitrary: frame(FrameType.Ping, idRef(), data) },
    { weight: 1, arbitrary: frame(FrameType.Pong, idRef(), data) },
    {
      weight: 1,
      arbitrary: frame(
        FrameType.GoAway,
        idRef(),
        fc.oneof(fc.constant(null), fc.record({ code: fc.string(), message: fc.string() }), data),
      ),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.oneof(
            fc.constantFrom(FrameType.Headers, FrameType.Result, FrameType.Status),
            fc.integer({ min: -5, max: 300 }),
          ),
          idRef(),
          fc.array(data, { maxLength: 4 }),
        )
        .map(([type, id, rest]) => ({ type, id, rest })),
    },
    { weight: 1, arbitrary: data.map((value) => ({ value })) },
    { weight: 2, arbitrary: garbage.map((bytes) => ({ bytes })) },
    {
      weight: 1,
      arbitrary: fc.constant({ bytes: new Uint8Array(serverMaxFrameBytes + 1) }),
    },
  );
}

/**
 * Frames a mostly well-behaved client sends: calls that fit their methods, stream messages,
 * half-closes and credit aimed at calls that take them, cancels and pings. Such runs live long
 * enough to reach streams, credit and limits.
 */
export function orderlyFrames(codec: CodecName): fc.Arbitrary<WireFrame> {
  const data = codec === "json" ? jsonData : msgpackData;
  return fc.oneof(
    { weight: 6, arbitrary: fittingCall(data) },
    {
      weight: 6,
      arbitrary: frame(
        FrameType.Message,
        openedRef("in"),
        fc.oneof(point, fc.string({ maxLength: 4 })),
      ),
    },
    { weight: 2, arbitrary: frame(FrameType.HalfClose, openedRef("in")) },
    { weight: 1, arbitrary: frame(FrameType.Cancel, openedRef()) },
    { weight: 5, arbitrary: frame(FrameType.Credit, openedRef("out"), goodCredit) },
    { weight: 1, arbitrary: frame(FrameType.Ping, openedRef(), fc.nat()) },
  );
}

/**
 * A hostile client's script, frames with random pauses between them: either chaos from the
 * first frame, or an orderly session that may end with one frame of chaos.
 */
export function script(codec: CodecName, serverMaxFrameBytes: number): fc.Arbitrary<Step[]> {
  const step = (frames: fc.Arbitrary<WireFrame>) =>
    fc.record({ frame: frames, yieldFirst: fc.boolean() });
  const chaos = clientFrames(codec, serverMaxFrameBytes);
  return fc.oneof(
    fc.array(step(chaos), { minLength: 1, maxLength: 24, size: "medium" }),
    fc
      .tuple(
        fc.array(step(orderlyFrames(codec)), { minLength: 10, maxLength: 40, size: "medium" }),
        fc.option(step(chaos), { nil: undefined }),
      )
      .map(([orderly, last]) => (last === undefined ? orderly : [...orderly, last])),
  );
}

/**
 * Resolves ids and encodes frames, recording the calls opened and the credit given per call
 * (`undefined` once a count that is not a non-negative integer was sent).
 */
export class FrameEncoder {
  readonly opened: { readonly id: unknown; readonly path: unknown }[] = [];
  readonly credit = new Map<unknown, number | undefined>();
  #last = 0;
  readonly #codec;

  constructor(codec: CodecName) {
    this.#codec = frameCodecFor(codec);
  }

  encode(frame: WireFrame): Uint8Array {
    if ("bytes" in frame) return frame.bytes;
    if ("value" in frame) return this.#codec.encode(frame.value);
    const id = this.#resolve(frame.id);
    if (frame.type === FrameType.Call) this.opened.push({ id, path: frame.rest[0] });
    if (frame.type === FrameType.Credit) {
      const n = frame.rest[0];
      const before = this.credit.has(id) ? this.credit.get(id) : 0;
      this.credit.set(
        id,
        before !== undefined && Number.isSafeInteger(n) && (n as number) >= 0
          ? before + (n as number)
          : undefined,
      );
    }
    return this.#codec.encode([frame.type, id, ...frame.rest]);
  }

  #resolve(ref: IdRef): unknown {
    if ("fresh" in ref) {
      this.#last += 1 + ref.fresh;
      return this.#last;
    }
    if ("opened" in ref) {
      const fits = this.opened.filter(({ path }) => {
        const kind = kinds.get(path);
        if (ref.streams === "in") return kind === "client_stream" || kind === "bidi";
        if (ref.streams === "out") return kind === "server_stream" || kind === "bidi";
        return true;
      });
      // With no call to fit, an id never opened: the server drops frames for unknown calls.
      if (fits.length === 0) return ref.streams === undefined ? ref.opened : 1_000_000 + ref.opened;
      return fits[ref.opened % fits.length]!.id;
    }
    return ref.raw;
  }
}
