import { LengthPrefixedWriter } from "@rpcgen/runtime";
import { describe, expect, test } from "vitest";

/** A writer whose end-of-turn flush runs only when the test says so. */
function writerWithManualTurn() {
  const writes: number[] = [];
  let endOfTurn: (() => void) | undefined;
  const writer = new LengthPrefixedWriter((bytes) => writes.push(bytes.length), {
    schedule: (flush) => {
      endOfTurn = flush;
    },
  });
  return {
    writer,
    writes,
    endTurn: () => {
      const flush = endOfTurn;
      endOfTurn = undefined;
      flush?.();
    },
  };
}

const frame = (n: number) => new Uint8Array(n);

/** Resolves in a later turn of the event loop, after every microtask queued before it. */
const afterMicrotasks = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("LengthPrefixedWriter batching", () => {
  test("frames nobody waits on leave together at the end of the turn", async () => {
    const { writer, writes, endTurn } = writerWithManualTurn();
    writer.write(frame(10));
    await afterMicrotasks();
    writer.write(frame(20));
    expect(writes).toEqual([]);
    endTurn();
    expect(writes).toEqual([4 + 10 + 4 + 20]);
  });

  test("an urgent frame leaves with what the queued microtasks add, before the turn ends", async () => {
    const { writer, writes, endTurn } = writerWithManualTurn();
    writer.write(frame(5));
    // Replies produced by promise chains already under way join the same write.
    const chains = [1, 2, 3].map(async (n) => {
      await null;
      writer.write(frame(n), true);
    });
    writer.write(frame(7), true);
    expect(writes).toEqual([]);
    await Promise.all(chains);
    // The end-of-turn flush has not run: the microtask flush sent everything in one write.
    expect(writes).toEqual([4 + 5 + 4 + 7 + 4 + 1 + 4 + 2 + 4 + 3]);
    endTurn();
    expect(writes).toHaveLength(1);
  });

  test("a batch at flushAtBytes goes out at once; urgent frames wait for urgentFlushAtBytes", async () => {
    const writes: number[] = [];
    const writer = new LengthPrefixedWriter((bytes) => writes.push(bytes.length), {
      flushAtBytes: 100,
      urgentFlushAtBytes: 200,
      schedule: () => {},
    });
    // Replies of a few KiB each still leave together: past flushAtBytes, below the urgent bound.
    writer.write(frame(60), true);
    writer.write(frame(60), true);
    expect(writes).toEqual([]);
    await afterMicrotasks();
    expect(writes).toEqual([128]);
    for (let i = 0; i < 3; i++) writer.write(frame(60), true);
    expect(writes).toEqual([128]);
    writer.write(frame(60), true);
    expect(writes).toEqual([128, 256]);
    // A frame nobody waits on sends a batch past flushAtBytes at once.
    writer.write(frame(60), true);
    writer.write(frame(60));
    expect(writes).toEqual([128, 256, 128]);
  });
});
