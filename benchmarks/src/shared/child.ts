import { createInterface } from "node:readline";
import { type BenchClient, type Connect, callEach, checkRoute, runRounds } from "./driver.js";
import { makeRequests } from "./payloads.js";
import {
  type ClientConfig,
  type ClientStep,
  type Command,
  cpuMs,
  emit,
  memoryMb,
  parseCommand,
  readConfig,
  resetPeakRss,
  type ServerConfig,
  type StepResult,
} from "./protocol.js";

/** A listening server as a peer exposes it to {@link runServerProcess}. */
export interface ListeningPeer {
  /** The TCP port; 0 for a peer on a Unix socket. */
  readonly port: number;
  /** The Unix socket path, for peers that listen on one. */
  readonly path?: string;
  close(): Promise<void>;
  /**
   * Memory and CPU of the process(es) that really serve, when that is not this one (stdio:
   * the client's child). Default: this process.
   */
  readonly stats?: () => { rssMb: number; peakRssMb: number; cpuMs: number };
  /** Resets the peak that `stats` reports. Default: this process's. */
  readonly resetPeak?: () => void;
}

/**
 * The body of every server process: listen, announce the port, answer `stats` commands
 * (between scenarios, never during one), and when the harness closes stdin report once more
 * and exit. Exiting through `process.exit` (not a signal) lets `--cpu-prof` write its profile.
 */
export async function runServerProcess(
  listen: (config: ServerConfig) => Promise<ListeningPeer>,
): Promise<void> {
  const config = readConfig<ServerConfig>();
  const peer = await listen(config);
  const own = () => ({ ...memoryMb(), cpuMs: cpuMs() });
  const measure = peer.stats ?? own;
  const first = measure();
  emit({
    type: "ready",
    port: peer.port,
    ...(peer.path === undefined ? {} : { path: peer.path }),
    rssMb: first.rssMb,
    cpuMs: first.cpuMs,
  });
  // Memory and CPU are read before anything else so the report's own work cannot shift them.
  const stats = () => ({ type: "server-stats" as const, ...measure() });
  const resetPeak = peer.resetPeak ?? resetPeakRss;
  const lines = createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    if (parseCommand(line)?.type !== "stats") return;
    emit(stats());
    resetPeak();
  });
  lines.once("close", () => {
    const last = stats();
    void peer.close().finally(() => {
      emit(last);
      process.exit(0);
    });
  });
}

/** Commands from the harness, taken in order. */
class Commands {
  readonly #queue: Command[] = [];
  #waiter: (() => void) | undefined;
  #closed = false;

  constructor() {
    const lines = createInterface({ input: process.stdin });
    lines.on("line", (line) => {
      const command = parseCommand(line);
      if (command !== undefined) this.#queue.push(command);
      this.#wake();
    });
    lines.once("close", () => {
      this.#closed = true;
      this.#wake();
    });
  }

  async next<T extends Command["type"]>(type: T): Promise<Extract<Command, { type: T }>> {
    for (;;) {
      const command = this.#queue.shift();
      if (command !== undefined) {
        if (command.type !== type) throw new Error(`expected "${type}", got "${command.type}"`);
        return command as Extract<Command, { type: T }>;
      }
      // The harness is gone (or done with us): nothing left to wait for.
      if (this.#closed) throw new Error(`stdin closed while waiting for "${type}"`);
      await new Promise<void>((resolve) => {
        this.#waiter = resolve;
      });
    }
  }

  /** Resolves once the harness has closed stdin: it has read everything it wanted. */
  async ended(): Promise<void> {
    while (!this.#closed) {
      await new Promise<void>((resolve) => {
        this.#waiter = resolve;
      });
    }
  }

  #wake(): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.();
  }
}

/**
 * The body of every client process. It starts alongside the server and waits for the port,
 * so its own start-up is not part of the cold start; then it connects, makes a first call
 * (the end of the cold start), and runs each step when the harness says `go`, after the
 * harness has read the server's counters; it closes when the harness closes its stdin. See
 * session.ts for the other side.
 */
export async function runClientProcess(connect: Connect): Promise<void> {
  const config = readConfig<ClientConfig>();
  const commands = new Commands();
  const { port, path } = await commands.next("start");
  const target: ClientConfig = { ...config, port, ...(path === undefined ? {} : { path }) };
  const t0 = performance.now();
  const client = await connect(target);
  const t1 = performance.now();
  checkRoute(await client.unary(makeRequests(1)[0]!), 0);
  emit({ type: "first-reply", connectMs: t1 - t0, callMs: performance.now() - t1 });
  for (const step of config.steps) {
    await commands.next("go");
    emit(await runStep(client, () => connect(target), step, commands));
  }
  // Not before the harness has read the server's counters: closing a stdio client ends its
  // server process, whose counters the harness reads.
  await commands.ended();
  await client.close();
  emit({ type: "client-done", maxRssMb: memoryMb().peakRssMb, cpuMs: cpuMs() });
  process.exit(0);
}

async function runStep(
  client: BenchClient,
  connect: () => Promise<BenchClient>,
  step: ClientStep,
  commands: Commands,
): Promise<StepResult> {
  const { shape, scenario } = step;
  const connections = shape.kind === "unary" || shape.kind === "idle" ? shape.connections : 1;
  // Extra connections are opened before the CPU and the clock start, and closed after.
  const clients = connections > 1 ? await connectMany(connect, connections) : [client];
  const cpu0 = cpuMs();
  try {
    if (shape.kind === "idle") {
      const round = await callEach(clients);
      const used = cpuMs() - cpu0;
      // Every connection has carried a call and is now idle: the harness samples the server.
      emit({ type: "idle-ready" });
      await commands.next("go");
      return { type: "step-result", scenario, rounds: [round], units: round.calls, cpuMs: used };
    }
    const { rounds, units } = await runRounds(clients, step);
    return { type: "step-result", scenario, rounds, units, cpuMs: cpuMs() - cpu0 };
  } finally {
    if (clients[0] !== client) await Promise.all(clients.map((c) => c.close()));
  }
}

/** Opens `n` connections, a batch at a time so no listen backlog or handshake queue overflows. */
async function connectMany(connect: () => Promise<BenchClient>, n: number) {
  const batch = 20;
  const clients: BenchClient[] = [];
  while (clients.length < n) {
    const size = Math.min(batch, n - clients.length);
    clients.push(...(await Promise.all(Array.from({ length: size }, () => connect()))));
  }
  return clients;
}

/** Runs a child's main and turns any failure into a message on stderr and exit code 1. */
export function main(body: () => Promise<void>): void {
  body().catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
