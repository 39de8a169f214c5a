import type { MethodDescriptor } from "../descriptor.js";
import type { CallContext } from "./handlers.js";

/** A method a server can run: the descriptor, the handler and the names it answers to. */
export interface Route {
  readonly service: string;
  readonly method: MethodDescriptor;
  /**
   * The user's handler adapted to one message in: for methods without exactly one parameter
   * it spreads the message's fields into the parameters.
   */
  readonly handler: (input: unknown, ctx: CallContext) => unknown;
}
