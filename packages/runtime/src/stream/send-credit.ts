/**
 * The sender's side of per-stream flow control: how many messages the receiver still accepts.
 * A sender awaits {@link SendCredit.ready} only when it has none left.
 */
export class SendCredit {
  #available: number;
  #wake: (() => void) | undefined;

  constructor(initial: number) {
    this.#available = initial;
  }

  /** Takes one credit if there is one. */
  tryTake(): boolean {
    if (this.#available <= 0) return false;
    this.#available--;
    return true;
  }

  /** Resolves once credit is available or the stream is released. */
  ready(): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }

  add(n: number): void {
    this.#available += n;
    this.#wakeUp();
  }

  /** Wakes a waiting sender so it can see that the call has ended. */
  release(): void {
    this.#wakeUp();
  }

  #wakeUp(): void {
    const wake = this.#wake;
    if (wake !== undefined) {
      this.#wake = undefined;
      wake();
    }
  }
}
