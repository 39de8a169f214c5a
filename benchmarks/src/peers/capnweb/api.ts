import { RpcTarget } from "capnweb";
import { WebSocket as WsWebSocket } from "ws";
import { computeRoute, makePosition } from "../../shared/payloads.js";
import type { FollowRequest, PathRequest, Position, Route } from "../../shared/service.js";

/**
 * The Cap'n Web API: an `RpcTarget` class whose methods are the RPC methods. Cap'n Web has no
 * schema and validates nothing: the parameters are whatever JSON the peer sent, typed only by
 * TypeScript on the caller's side. A server facing untrusted clients would check them by hand
 * or with a validator; this one, like raw, does not.
 */
export class PathApi extends RpcTarget {
  shortestPath(request: PathRequest): Route {
    return computeRoute(request);
  }

  /**
   * Cap'n Web passes a `ReadableStream` by value: the receiver gets a stream of its own and
   * the library pumps the chunks across with its own flow control. That is Cap'n Web's
   * idiomatic server stream (rather than a callback stub the server calls per item, which
   * costs a call and a reply per item). Not `ReadableStream.from(generator)`: on Node 20 that
   * returns a stream whose prototype is not `ReadableStream.prototype`, which capnweb's
   * serializer (an exact prototype check) refuses with "Cannot serialize value".
   */
  follow(request: FollowRequest): ReadableStream<Position> {
    const { count } = request;
    let seq = 0;
    return new ReadableStream<Position>({
      // Called whenever the stream's queue has room, so capnweb's flow control paces it.
      pull(controller) {
        if (seq < count) controller.enqueue(makePosition(seq++));
        if (seq >= count) controller.close();
      },
    });
  }
}

/**
 * capnweb's WebSocket transport reads `WebSocket.CONNECTING` from the global, which Node 20
 * does not have (it came in Node 22): install `ws`'s, the usual polyfill, in both processes.
 */
export function installWebSocketGlobal(): void {
  const global = globalThis as { WebSocket?: unknown };
  global.WebSocket ??= WsWebSocket;
}

/** capnweb's session functions take the DOM WebSocket type; ws's matches it at run time. */
export function asDomWebSocket(socket: WsWebSocket): globalThis.WebSocket {
  return socket as unknown as globalThis.WebSocket;
}

/** Both sides allow messages far above the ~1 MiB payloads the harness may send. */
export const maxMessageBytes = 64 * 1024 * 1024;
