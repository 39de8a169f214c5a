import type { BenchClient } from "./driver.js";
import { runScenario } from "./driver.js";
import type { ClientConfig, ServerConfig } from "./protocol.js";
import { cpuMs, emit, memoryMb, readConfig } from "./protocol.js";

/** A listening server as a peer exposes it to {@link runServerProcess}. */
export interface ListeningPeer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The body of every server process: listen, announce the port, serve until the harness closes
 * stdin, then report memory and exit. Exiting through `process.exit` (not a signal) lets
 * `--cpu-prof` write its profile.
 */
export async function runServerProcess(
  listen: (config: ServerConfig) => Promise<ListeningPeer>,
): Promise<void> {
  const config = readConfig<ServerConfig>();
  const peer = await listen(config);
  emit({ type: "ready", port: peer.port, rssMb: memoryMb().rssMb, cpuMs: cpuMs() });
  process.stdin.resume();
  process.stdin.once("end", () => {
    // Memory and CPU are read before closing so shutdown work cannot shift the numbers.
    const memory = memoryMb();
    const used = cpuMs();
    void peer.close().finally(() => {
      emit({ type: "server-stats", ...memory, cpuMs: used });
      process.exit(0);
    });
  });
}

/** The body of every client process: connect, run the scenario, report, exit. */
export async function runClientProcess(
  connect: (config: ClientConfig) => Promise<BenchClient>,
): Promise<void> {
  const config = readConfig<ClientConfig>();
  const client = await connect(config);
  const connectedCpuMs = cpuMs();
  const { rounds, units } = await runScenario(client, config);
  const workCpuMs = cpuMs() - connectedCpuMs;
  const { maxRssMb } = memoryMb();
  await client.close();
  emit({
    type: "client-result",
    rounds,
    maxRssMb,
    cpuMs: cpuMs(),
    work: { units, cpuMs: workCpuMs },
  });
  process.exit(0);
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
