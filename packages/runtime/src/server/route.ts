import type { MethodDescriptor } from "../descriptor.js";

/** A method a server can run: the descriptor, the handler and the names it answers to. */
export interface Route {
  readonly service: string;
  readonly method: MethodDescriptor;
  /** The user's handler; its shape matches `method.kind`. */
  readonly handler: (input: unknown, ctx: never) => unknown;
}
