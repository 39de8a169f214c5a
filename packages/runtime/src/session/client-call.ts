import type { CallSpec } from "../client/transport.js";
import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";
import type { InboundStream } from "../stream/inbound-stream.js";
import type { SendCredit } from "../stream/send-credit.js";

/** One call on a client session, from the moment it is made until it settles once. */
export class ClientCall {
  done = false;
  timer: ReturnType<typeof setTimeout> | undefined = undefined;
  onAbort: (() => void) | undefined = undefined;
  resolve: ((value: unknown) => void) | undefined = undefined;
  reject: ((error: RpcError) => void) | undefined = undefined;
  inbound: InboundStream<unknown> | undefined = undefined;
  credit: SendCredit | undefined = undefined;
  id = 0;
  constructor(readonly spec: CallSpec) {}
}

export function deadlineError(): RpcError {
  return new RpcError(RpcCode.DeadlineExceeded, "the call exceeded its deadline");
}

/** An outgoing message that cannot be encoded is the caller's mistake, not the server's. */
export function asInvalid(error: RpcError): RpcError {
  const reason = error.cause instanceof Error ? error.cause.message : String(error.cause);
  return new RpcError(RpcCode.InvalidArgument, `request could not be encoded: ${reason}`, {
    cause: error.cause,
  });
}
