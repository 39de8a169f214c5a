import type { ClientTransport } from "@rpcgen/runtime";
import { splitCommand } from "./command-words.js";

/** A target `rpcgen call` cannot use, or whose transport package is not installed. */
export class TargetError extends Error {}

/** What the transports' modules offer `rpcgen call`, typed here so none is needed to build. */
type Factory = (target: string) => ClientTransport;

/** Each URL scheme `rpcgen call` takes: the package serving it and how to open a transport. */
const schemes: readonly {
  readonly test: (target: string) => boolean;
  readonly pkg: string;
  readonly open: (module: Record<string, unknown>, target: string) => ClientTransport;
}[] = [
  {
    test: (t) => /^(tcp|tls):\/\//.test(t) || t.startsWith("unix:"),
    pkg: "@rpcgen/transport-tcp",
    open: (m, t) => factory(m, "tcpTransport", "@rpcgen/transport-tcp")(t),
  },
  {
    test: (t) => /^https?:\/\//.test(t),
    pkg: "@rpcgen/transport-http/node",
    open: (m, t) => factory(m, "httpTransport", "@rpcgen/transport-http")(t),
  },
  {
    test: (t) => /^wss?:\/\//.test(t),
    pkg: "@rpcgen/transport-ws/node",
    open: (m, t) => factory(m, "wsTransport", "@rpcgen/transport-ws")(t),
  },
  {
    test: (t) => t.startsWith("nats://"),
    pkg: "@rpcgen/transport-nats",
    open: (m, t) => factory(m, "natsTransport", "@rpcgen/transport-nats")(t),
  },
  {
    test: (t) => t.startsWith("stdio:"),
    pkg: "@rpcgen/transport-stdio",
    open: (m, t) => {
      const words = splitCommand(t.slice("stdio:".length));
      if (typeof words === "string") throw new TargetError(`${t}: ${words}`);
      const [command, ...args] = words;
      if (command === undefined) {
        throw new TargetError("stdio: needs a command to run: stdio:node server.js");
      }
      const spawn = m.spawnStdio as
        | ((command: string, args: readonly string[], options: object) => ClientTransport)
        | undefined;
      if (typeof spawn !== "function") throw missingExport("spawnStdio", "@rpcgen/transport-stdio");
      return spawn(command, args, { reconnect: false });
    },
  },
];

/** The target schemes, for help and messages. */
export const targetForms = "tcp://, unix:, tls://, http(s)://, ws(s)://, nats://, stdio:<command>";

/**
 * Opens a client transport to `target`, a URL as a listener prints it, importing the
 * transport package for its scheme only now: a user calling over TCP needs no HTTP client.
 * Throws a {@link TargetError} naming the package to install when it is missing.
 */
export async function openTarget(target: string): Promise<ClientTransport> {
  const scheme = schemes.find((s) => s.test(target));
  if (scheme === undefined) {
    throw new TargetError(`unknown target "${target}": expected one of ${targetForms}`);
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(scheme.pkg)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "ERR_PACKAGE_PATH_NOT_EXPORTED") {
      const name = scheme.pkg.split("/").slice(0, 2).join("/");
      throw new TargetError(`${target} needs the package ${name}: npm install ${name}`);
    }
    throw error;
  }
  try {
    return scheme.open(module, target);
  } catch (error) {
    if (error instanceof TargetError) throw error;
    // The transports refuse a malformed URL at once, saying what they accept.
    throw new TargetError(`${target}: ${(error as Error).message}`);
  }
}

function factory(module: Record<string, unknown>, name: string, pkg: string): Factory {
  const fn = module[name];
  if (typeof fn !== "function") throw missingExport(name, pkg);
  return fn as Factory;
}

function missingExport(name: string, pkg: string): TargetError {
  return new TargetError(`the installed ${pkg} has no ${name}: update it to this rpcgen's version`);
}
