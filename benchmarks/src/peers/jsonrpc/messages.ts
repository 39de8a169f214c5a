import { ProgressType, RequestType } from "vscode-jsonrpc/node";
import type { FollowRequest, PathRequest, Position, Route } from "../../shared/service.js";

/**
 * The jsonrpc peer's methods as vscode-jsonrpc message types. The stream follows the Language
 * Server Protocol's partial results, the pattern vscode-jsonrpc is built for: the request
 * carries a `partialResultToken`, each item travels as a `$/progress` notification with that
 * token, and the request's response (null) ends the stream.
 *
 * vscode-jsonrpc checks the JSON-RPC envelope only; the params are not validated, like raw's.
 */
export const shortestPath = new RequestType<PathRequest, Route, void>("shortestPath");

export interface FollowParams extends FollowRequest {
  readonly partialResultToken: number;
}

export const follow = new RequestType<FollowParams, null, void>("follow");

export const positionProgress = new ProgressType<Position>();
