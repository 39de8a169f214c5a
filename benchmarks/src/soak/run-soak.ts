import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type ClientOf, createClient } from "@rpcgen/runtime";
import { tcpTransport } from "@rpcgen/transport-tcp";
import { startCuttingProxy } from "./proxy.js";
import type { ClientReport } from "./report.js";
import { type MemoryStats, SoakService, type SoakServiceApi } from "./service.js";

/** Options for {@link runSoak}. */
export interface SoakOptions {
  /** Length of the traffic phase, in seconds. */
  readonly seconds: number;
  /** Client processes running at once. Default 4. */
  readonly clients?: number;
  /** Calls each client keeps in flight. Default 16. */
  readonly concurrency?: number;
  /** A memory sample is taken and printed this often during traffic, in seconds. Default 60. */
  readonly sampleEverySeconds?: number;
  /** A random client process is killed with SIGKILL (and replaced) this often, in ms. Default 3000. */
  readonly killEveryMs?: number;
  /** The proxy cuts a random connection this often, in ms. Default 250. */
  readonly cutEveryMs?: number;
  /** Seed of every random choice. Default 1. */
  readonly seed?: number;
  /** Where progress lines go. Default: nowhere. */
  readonly log?: (line: string) => void;
}

/** One memory reading of the server process, after a full garbage collection. */
export interface Sample extends MemoryStats {
  /** Seconds since the traffic phase started (negative: before it). */
  readonly at: number;
}

/** What a soak run found. */
export interface SoakResult {
  /** Idle, after a warm-up round of traffic. */
  readonly baseline: Sample;
  /** During traffic, one per sampling interval. */
  readonly samples: readonly Sample[];
  /** Idle again, once every client has gone. */
  readonly final: Sample;
  /** Reports of the client processes that ran to the end (killed ones report nothing). */
  readonly reports: readonly ClientReport[];
  /** Client processes killed with SIGKILL mid-run. */
  readonly kills: number;
  /** Connections the proxy cut. */
  readonly cuts: number;
  /** Calls lost, answered wrongly, failed with an unexpected code, or run more often than made. */
  readonly problems: readonly string[];
}

const here = fileURLToPath(new URL(".", import.meta.url));
const benchDir = fileURLToPath(new URL("../../", import.meta.url));
const nodeArgs = ["--conditions=@rpcgen/source", "--import", "tsx"];
const MiB = 1024 * 1024;

/**
 * Runs the soak: a server process behind a connection-cutting proxy, client processes running
 * mixed traffic with their own cancels, deadlines and reconnects, one of them killed with
 * SIGKILL now and then; the server's heap and RSS are read after GC before, during and after.
 */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const log = options.log ?? (() => {});
  const clients = options.clients ?? 4;
  const concurrency = options.concurrency ?? 16;
  let seed = options.seed ?? 1;
  const random = (): number => {
    seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
    return seed / 4294967296;
  };
  const children = new Set<ChildProcess>();
  const server = spawn(process.execPath, ["--expose-gc", ...nodeArgs, `${here}server.ts`], {
    cwd: benchDir,
    stdio: ["pipe", "pipe", "inherit"],
  });
  children.add(server);
  const url = await listeningUrl(server);
  const transport = tcpTransport(url, { connectTimeoutMs: 20_000 });
  const direct = createClient(SoakService, transport);
  const target = new URL(url);
  const proxy = await startCuttingProxy(
    { host: target.hostname, port: Number(target.port) },
    options.cutEveryMs ?? 250,
    random,
  );
  let nextClient = 1;
  const reports: ClientReport[] = [];
  const problems: string[] = [];
  let kills = 0;

  /** Runs one client process for `seconds`; resolves with its report, or undefined if killed. */
  const spawnClient = (seconds: number): { child: ChildProcess; done: Promise<void> } => {
    const id = nextClient++;
    const child = spawn(
      process.execPath,
      [
        ...nodeArgs,
        `${here}client.ts`,
        ...["--url", proxy.url, "--client", String(id), "--seconds", String(seconds)],
        ...["--concurrency", String(concurrency), "--seed", String(Math.floor(random() * 1e9))],
      ],
      { cwd: benchDir, stdio: ["ignore", "pipe", "inherit"] },
    );
    children.add(child);
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (text: string) => {
      out += text;
    });
    const done = new Promise<void>((resolve) => {
      child.once("exit", (code, signal) => {
        children.delete(child);
        if (signal === "SIGKILL") kills++;
        else if (code !== 0) problems.push(`client ${id} exited with code ${code}`);
        else reports.push(JSON.parse(out.trim()) as ClientReport);
        resolve();
      });
    });
    return { child, done };
  };

  const runClients = async (seconds: number, killEveryMs: number | undefined): Promise<void> => {
    const endAt = performance.now() + seconds * 1000;
    const running = new Set<{ child: ChildProcess; done: Promise<void> }>();
    const all: Promise<void>[] = [];
    const start = (s: number): void => {
      const c = spawnClient(s);
      running.add(c);
      all.push(c.done.then(() => void running.delete(c)));
    };
    for (let i = 0; i < clients; i++) start(seconds);
    let killer: ReturnType<typeof setInterval> | undefined;
    if (killEveryMs !== undefined) {
      killer = setInterval(() => {
        const left = (endAt - performance.now()) / 1000;
        const victim = [...running][Math.floor(random() * running.size)];
        // Replacements need time to start and do something worth checking.
        if (victim === undefined || left < 4) return;
        victim.child.kill("SIGKILL");
        start(left);
      }, killEveryMs);
    }
    // Clients started later join `all` as they come; wait until none is left.
    while (running.size > 0) await Promise.all([...all]);
    clearInterval(killer);
  };

  try {
    const memory = async (at: number): Promise<Sample> => ({ at, ...(await direct.memory(null)) });
    // Warm-up: the same traffic briefly, so code, caches and pools exist before the baseline.
    await runClients(Math.min(5, options.seconds / 4), undefined);
    await idle(direct, problems);
    const baseline = await memory(0);
    log(`baseline: heap ${mib(baseline.heapUsed)}, rss ${mib(baseline.rss)}`);
    const samples: Sample[] = [];
    const t0 = performance.now();
    const sampler = setInterval(
      () => {
        void memory((performance.now() - t0) / 1000).then((sample) => {
          samples.push(sample);
          log(
            `${sample.at.toFixed(0)} s: heap ${mib(sample.heapUsed)}, rss ${mib(sample.rss)}, ${sample.connections - 1} client connections, ${kills} clients killed, ${proxy.cuts} connections cut`,
          );
        });
      },
      (options.sampleEverySeconds ?? 60) * 1000,
    );
    reports.length = 0;
    await runClients(options.seconds, options.killEveryMs ?? 3000);
    clearInterval(sampler);
    await idle(direct, problems);
    const final = await memory((performance.now() - t0) / 1000);
    log(`final: heap ${mib(final.heapUsed)}, rss ${mib(final.rss)}`);
    for (const report of reports) {
      for (const failure of report.failures) problems.push(`client ${report.client}: ${failure}`);
      // Every successful call ran at least once; no call ran more often than it was made.
      const executed = await direct.executed({ client: report.client });
      if (executed < report.executedOk || executed > report.executedOk + report.executedUnknown) {
        problems.push(
          `client ${report.client}: the server ran ${executed} counted calls; the client saw ${report.executedOk} succeed and ${report.executedUnknown} end unknown`,
        );
      }
    }
    const growth = final.heapUsed - baseline.heapUsed;
    const margin = heapMargin(baseline.heapUsed);
    if (growth > margin) {
      problems.push(
        `the server's heap after GC grew by ${mib(growth)} (margin ${mib(margin)}): ${mib(baseline.heapUsed)} before, ${mib(final.heapUsed)} after`,
      );
    }
    return { baseline, samples, final, reports, kills, cuts: proxy.cuts, problems };
  } finally {
    await transport.close();
    await proxy.close();
    for (const child of children) child.kill("SIGKILL");
  }
}

/**
 * How much the idle heap after GC may grow over a run: 2 MiB plus 10% of the baseline, room for
 * what V8 keeps (compiled code, inline caches, pooled buffers) but far below what leaking
 * per-call or per-connection state over thousands of calls and hundreds of connections would
 * add.
 */
export function heapMargin(baselineBytes: number): number {
  return 2 * MiB + baselineBytes / 10;
}

/**
 * Waits until the server holds no connection but the sampler's own. Every client has exited by
 * then, so the kernel has closed their sockets; a server still counting them after 30 s kept
 * sessions it should have dropped, which is reported rather than waited on forever.
 */
async function idle(client: ClientOf<SoakServiceApi>, problems: string[]): Promise<void> {
  const giveUpAt = performance.now() + 30_000;
  for (;;) {
    const { connections } = await client.memory(null);
    if (connections <= 1) return;
    if (performance.now() > giveUpAt) {
      problems.push(
        `the server still holds ${connections - 1} client connections after every client exited`,
      );
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (text: string): void => {
      out += text;
      const match = /^listening on (\S+)$/m.exec(out);
      if (match !== null) resolve(match[1]!);
    };
    child.stdout!.setEncoding("utf8").on("data", onData);
    child.once("exit", (code) => reject(new Error(`soak server exited (code ${code})`)));
  });
}

/** Bytes as MiB with one decimal. */
export function mib(bytes: number): string {
  return `${(bytes / MiB).toFixed(1)} MiB`;
}
