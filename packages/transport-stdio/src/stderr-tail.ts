import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";

/** Lines of a child's stderr quoted in the error that reports its exit. */
const tailLines = 10;
/** Longest line kept in the tail; a minified stack trace should not swamp the message. */
const maxLineChars = 300;

/**
 * Reads a piped stderr line by line: hands each line to `onLine` (when given) and keeps the
 * last few, so the error reporting a crash can show what the child said before it died.
 */
export class StderrTail {
  readonly #onLine: ((line: string) => void) | undefined;
  readonly #decoder = new StringDecoder("utf8");
  readonly #lines: string[] = [];
  #partial = "";
  #ended = false;
  #onEnd: (() => void) | undefined;

  constructor(stream: Readable, onLine: ((line: string) => void) | undefined) {
    this.#onLine = onLine;
    stream.on("data", (chunk: Buffer) => this.#push(this.#decoder.write(chunk)));
    // A read error on a pipe only means no more stderr; it must not crash the process.
    stream.on("error", () => this.#end());
    stream.on("end", () => this.#end());
    stream.on("close", () => this.#end());
  }

  /** True once the child's stderr has been read to its end. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Runs `callback` once the stream has ended (at once if it has). */
  whenEnded(callback: () => void): void {
    if (this.#ended) callback();
    else this.#onEnd = callback;
  }

  /** The last lines, or `undefined` if the child wrote nothing to stderr. */
  lines(): readonly string[] | undefined {
    const lines = this.#partial === "" ? this.#lines : [...this.#lines, this.#partial];
    return lines.length === 0 ? undefined : lines.slice(-tailLines);
  }

  #push(text: string): void {
    const parts = (this.#partial + text).split("\n");
    this.#partial = parts.pop() ?? "";
    for (const raw of parts) this.#line(raw.endsWith("\r") ? raw.slice(0, -1) : raw);
  }

  #line(line: string): void {
    this.#lines.push(line.length > maxLineChars ? `${line.slice(0, maxLineChars)}…` : line);
    if (this.#lines.length > tailLines) this.#lines.shift();
    const onLine = this.#onLine;
    if (onLine === undefined) return;
    try {
      onLine(line);
    } catch (error) {
      // A throwing callback must not take the stream (and the process) down with it.
      process.emitWarning(error instanceof Error ? error : String(error), {
        code: "RPCGEN_STDERR_CALLBACK",
      });
    }
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#push(this.#decoder.end());
    if (this.#partial !== "") {
      const last = this.#partial;
      this.#partial = "";
      this.#line(last);
    }
    const onEnd = this.#onEnd;
    this.#onEnd = undefined;
    onEnd?.();
  }
}
