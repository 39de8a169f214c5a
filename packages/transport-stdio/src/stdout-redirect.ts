/** The real stdout writer, captured before console output was sent elsewhere. */
export interface StdoutRedirect {
  /** Writes to the process's actual stdout, bypassing the redirection. */
  readonly write: (bytes: Uint8Array, done: (error?: Error | null) => void) => void;
  /** Puts `process.stdout.write` back as it was, unless someone replaced it since. */
  restore(): void;
}

type WriteFn = (...args: unknown[]) => boolean;

/**
 * Captures `process.stdout.write`, then points it at `process.stderr`. Everything that prints
 * through it (`console.log`, `info`, `debug`, `dir`, `table`, `group`, and direct
 * `process.stdout.write` calls) goes to stderr, so nothing but frames reaches stdout. Output
 * written to file descriptor 1 behind Node's back (`fs.writeSync(1, …)`, a grandchild spawned
 * with `stdio: "inherit"`) cannot be caught here.
 */
export function redirectStdout(): StdoutRedirect {
  const stdout = process.stdout;
  const own = Object.getOwnPropertyDescriptor(stdout, "write");
  const original = stdout.write as WriteFn;
  // process.stderr is looked up on every call: a later redirection of stderr is honoured.
  const redirected: WriteFn = (...args) =>
    (process.stderr.write as WriteFn).apply(process.stderr, args);
  stdout.write = redirected as typeof stdout.write;
  return {
    write: (bytes, done) => {
      original.call(stdout, bytes, done);
    },
    restore() {
      if ((stdout.write as WriteFn) !== redirected) return;
      if (own === undefined) Reflect.deleteProperty(stdout, "write");
      else Object.defineProperty(stdout, "write", own);
    },
  };
}
