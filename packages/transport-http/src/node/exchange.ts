import type { ClientRequest, IncomingMessage } from "node:http";
import type { RpcError } from "@rpcgen/runtime";
import { Exchange } from "../client/exchange.js";

/**
 * An exchange on node:http: it stops by destroying its request (and response), which the
 * server sees as the connection closing before its answer finished, i.e. a cancel.
 */
export abstract class NodeExchange extends Exchange {
  req: ClientRequest | undefined;
  res: IncomingMessage | undefined;

  protected interrupt(reason: RpcError): void {
    // Before settling, which releases req and res; the streams' own events come later.
    this.req?.destroy();
    this.res?.destroy(reason);
    this.settle(reason);
  }

  /** Fails whatever waits on the exchange with `reason`, if it still waits. */
  protected abstract settle(reason: RpcError): void;

  override done(): void {
    super.done();
    // An exchange that lived long enough to reach the old generation must not keep the
    // request's young objects alive through later scavenges once the call is over.
    this.req = undefined;
    this.res = undefined;
  }
}
