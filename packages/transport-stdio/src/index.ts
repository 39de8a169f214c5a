/**
 * @rpcgen/transport-stdio: rpcgen over a pair of pipes. The client side is
 * {@link spawnStdio}, which runs a child process and talks to it over its stdin and stdout;
 * the child serves with {@link serveStdio}. {@link stdioChannel} adapts any readable/writable
 * pair to the runtime. Node only.
 */

export type { ReconnectOptions } from "@rpcgen/runtime";
export { type ServeStdioOptions, type StdioServing, serveStdio } from "./serve-stdio.js";
export { spawnStdio } from "./spawn-stdio.js";
export { stdioChannel } from "./stdio-channel.js";
export type {
  ChildExit,
  SpawnStdioOptions,
  StderrOption,
  StdioTransport,
} from "./transport-options.js";
