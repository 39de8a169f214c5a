import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Packr } from "msgpackr";
import { main, runServerProcess } from "../../shared/child.js";
import { listenEphemeral } from "../../shared/listen.js";
import { computeRoute, makePosition } from "../../shared/payloads.js";
import type { FollowRequest, PathRequest } from "../../shared/service.js";
import { encodeFrame } from "../raw/framing.js";
import { followPath, streamType, unaryPath, unaryType } from "./paths.js";

/**
 * The HTTP limit: a bare node:http server doing the work rpcgen-http-msgpack does, and nothing
 * else. `POST /shortestPath` with a msgpack body answers with a msgpack body (Content-Length,
 * so the connection stays alive for the next request); `POST /follow` answers with a chunked
 * body of length-prefixed msgpack items, written as fast as the socket takes them. No
 * validation, no status record, no metadata, no deadline header. Plain msgpack: an HTTP
 * request has no per-connection state a record shape could live in.
 */
const packr = new Packr({ useRecords: false });

function handle(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    if (req.url === unaryPath) {
      const reply = packr.pack(computeRoute(packr.unpack(body) as PathRequest));
      res.writeHead(200, { "content-type": unaryType, "content-length": reply.length });
      res.end(reply);
    } else if (req.url === followPath) {
      follow(res, (packr.unpack(body) as FollowRequest).count);
    } else {
      res.writeHead(404).end();
    }
  });
}

/** Items behind a 4-byte length each, corked per burst; waits only for `drain`. */
function follow(res: ServerResponse, count: number): void {
  res.writeHead(200, { "content-type": streamType });
  let seq = 0;
  const pump = (): void => {
    res.cork();
    let room = true;
    while (seq < count && room) {
      room = res.write(encodeFrame(packr, makePosition(seq)));
      seq++;
    }
    res.uncork();
    if (seq < count) res.once("drain", pump);
    else res.end();
  };
  pump();
}

main(() =>
  runServerProcess(async ({ host }) => {
    const server = createServer({ keepAliveTimeout: 60_000 }, handle);
    return listenEphemeral(server, host);
  }),
);
