import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NodeHeap } from "../../src/path/heap.js";

describe("NodeHeap", () => {
  it("pops nodes in key order after any mix of pushes and key decreases", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 49 }), fc.double({ min: 0, max: 1e6, noNaN: true })), {
          maxLength: 200,
        }),
        (operations) => {
          const heap = new NodeHeap(50);
          // The model: a node keeps the lowest key it was pushed with.
          const model = new Map<number, number>();
          for (const [node, key] of operations) {
            heap.push(node, key);
            model.set(node, Math.min(model.get(node) ?? Number.POSITIVE_INFINITY, key));
          }
          expect(heap.size).toBe(model.size);
          const popped: number[] = [];
          while (heap.size > 0) {
            const key = heap.peekKey();
            const node = heap.pop();
            expect(key).toBe(model.get(node));
            popped.push(key);
          }
          expect(popped).toEqual([...model.values()].sort((a, b) => a - b));
          expect(heap.pop()).toBe(-1);
        },
      ),
    );
  });

  it("accepts a node again after it was popped", () => {
    const heap = new NodeHeap(3);
    heap.push(1, 5);
    expect(heap.pop()).toBe(1);
    expect(heap.has(1)).toBe(false);
    heap.push(1, 2);
    heap.push(2, 1);
    expect([heap.pop(), heap.pop()]).toEqual([2, 1]);
  });
});
