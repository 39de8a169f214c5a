/**
 * Latency samples in microseconds, kept in a growable Float64Array so recording a call costs
 * no allocation and no boxing during a timed round.
 */
export class LatencyRecorder {
  #samples = new Float64Array(1 << 16);
  #count = 0;

  record(us: number): void {
    if (this.#count === this.#samples.length) {
      const grown = new Float64Array(this.#samples.length * 2);
      grown.set(this.#samples);
      this.#samples = grown;
    }
    this.#samples[this.#count++] = us;
  }

  get count(): number {
    return this.#count;
  }

  /** Sorted copy of the samples, for percentiles. */
  sorted(): Float64Array {
    return this.#samples.slice(0, this.#count).sort();
  }

  reset(): void {
    this.#count = 0;
  }
}

/** Nearest-rank percentile of ascending samples (`p` in 0..100); NaN when there are none. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Index of the median element by `key` (the lower median for an even count). */
export function medianIndex<T>(items: readonly T[], key: (item: T) => number): number {
  if (items.length === 0) throw new Error("median of nothing");
  const order = items.map((item, index) => ({ index, value: key(item) }));
  order.sort((a, b) => a.value - b.value);
  return order[(order.length - 1) >> 1]!.index;
}
