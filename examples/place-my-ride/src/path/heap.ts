/**
 * A binary min-heap of node ids keyed by a number, with decrease-key. Nodes are small integers,
 * so the heap, the keys and each node's slot live in typed arrays sized once per search: no
 * per-push allocation and no stale duplicates to skip, unlike a heap of `{node, key}` objects.
 */
export class NodeHeap {
  readonly #heap: Int32Array;
  readonly #key: Float64Array;
  /** Where each node sits in `#heap`, or -1 when it is not queued. */
  readonly #slot: Int32Array;
  #size = 0;

  constructor(capacity: number) {
    this.#heap = new Int32Array(capacity);
    this.#key = new Float64Array(capacity);
    this.#slot = new Int32Array(capacity).fill(-1);
  }

  get size(): number {
    return this.#size;
  }

  has(node: number): boolean {
    return this.#slot[node]! >= 0;
  }

  /** The key of the node at the top; `Infinity` when empty. */
  peekKey(): number {
    return this.#size === 0 ? Number.POSITIVE_INFINITY : this.#key[this.#heap[0]!]!;
  }

  /** Queues `node` with `key`, or lowers its key if it is queued with a higher one. */
  push(node: number, key: number): void {
    const at = this.#slot[node]!;
    if (at >= 0) {
      if (key < this.#key[node]!) {
        this.#key[node] = key;
        this.#up(at);
      }
      return;
    }
    this.#key[node] = key;
    this.#heap[this.#size] = node;
    this.#slot[node] = this.#size;
    this.#up(this.#size++);
  }

  /** Removes and returns the node with the smallest key; -1 when empty. */
  pop(): number {
    if (this.#size === 0) return -1;
    const top = this.#heap[0]!;
    this.#slot[top] = -1;
    const last = this.#heap[--this.#size]!;
    if (this.#size > 0) {
      this.#heap[0] = last;
      this.#slot[last] = 0;
      this.#down(0);
    }
    return top;
  }

  #up(at: number): void {
    const heap = this.#heap;
    const node = heap[at]!;
    const key = this.#key[node]!;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const other = heap[parent]!;
      if (this.#key[other]! <= key) break;
      heap[at] = other;
      this.#slot[other] = at;
      at = parent;
    }
    heap[at] = node;
    this.#slot[node] = at;
  }

  #down(at: number): void {
    const heap = this.#heap;
    const size = this.#size;
    const node = heap[at]!;
    const key = this.#key[node]!;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && this.#key[heap[right]!]! < this.#key[heap[child]!]!) child = right;
      const other = heap[child]!;
      if (this.#key[other]! >= key) break;
      heap[at] = other;
      this.#slot[other] = at;
      at = child;
    }
    heap[at] = node;
    this.#slot[node] = at;
  }
}
