/**
 * One soak client process: runs a random mix of every call shape against the server for the
 * given time, with cancels, deadlines and disconnects of its own, checks every answer against
 * its request, and prints one JSON {@link ClientReport} line on stdout at the end.
 *
 *   node --conditions=@rpcgen/source --import tsx client.ts --url U --client N --seconds S
 *     [--concurrency C] [--seed X]
 */
import { parseArgs } from "node:util";
import { createClient, type RpcCode, RpcError } from "@rpcgen/runtime";
import { tcpTransport } from "@rpcgen/transport-tcp";
import { type ClientReport, expectedCodes } from "./report.js";
import { SoakService } from "./service.js";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    client: { type: "string" },
    seconds: { type: "string" },
    concurrency: { type: "string", default: "16" },
    seed: { type: "string", default: "1" },
  },
});
const clientId = Number(values.client);
const endAt = performance.now() + Number(values.seconds) * 1000;
const concurrency = Number(values.concurrency);

// A small deterministic generator (mulberry32), so a failing run can be replayed by seed.
let state = Number(values.seed) >>> 0;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const below = (n: number): number => Math.floor(random() * n);

let transport = tcpTransport(values.url!, { connectTimeoutMs: 5000 });
let client = createClient(SoakService, transport);
const report: ClientReport = {
  client: clientId,
  calls: 0,
  ok: 0,
  unknown: 0,
  executedOk: 0,
  executedUnknown: 0,
  reconnects: 0,
  codes: {},
  failures: [],
};
let seq = 0;

function fail(what: string): void {
  if (report.failures.length < 20) report.failures.push(what);
}

/** Settles the outcome of one call: a checked value, or an error with an expected code. */
async function run(
  name: string,
  executes: boolean,
  body: (allowed: Set<RpcCode>) => Promise<boolean>,
): Promise<void> {
  report.calls++;
  const allowed = new Set<RpcCode>(["unavailable"]);
  // A call that never settles is lost: the watchdog reports it rather than hanging the run.
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  const lost = new Promise<"lost">((resolve) => {
    watchdog = setTimeout(() => resolve("lost"), 30_000);
  });
  try {
    const outcome = await Promise.race([body(allowed), lost]);
    if (outcome === "lost") {
      fail(`${name}: lost (no answer within 30 s)`);
      return;
    }
    if (outcome) {
      report.ok++;
      if (executes) report.executedOk++;
    } else fail(`${name}: wrong answer`);
  } catch (error) {
    const code = error instanceof RpcError ? error.code : "not an RpcError";
    report.codes[code] = (report.codes[code] ?? 0) + 1;
    if (error instanceof RpcError && allowed.has(error.code) && expectedCodes.has(error.code)) {
      report.unknown++;
      if (executes) report.executedUnknown++;
    } else fail(`${name}: ${code}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(watchdog);
  }
}

async function oneCall(): Promise<void> {
  const tag = { client: clientId, seq: ++seq };
  switch (below(6)) {
    case 0:
      return run("echo", true, async () => {
        const pad = "x".repeat(below(2048));
        const answer = await client.echo({ ...tag, pad });
        return answer.client === tag.client && answer.seq === tag.seq && answer.pad === pad;
      });
    case 1:
      return run("count", true, async (allowed) => {
        const n = 1 + below(200);
        const stopAt = below(4) === 0 && n > 1 ? 1 + below(n - 1) : n;
        if (stopAt < n) allowed.add("cancelled");
        let next = 0;
        for await (const i of client.count({ ...tag, n })) {
          if (i !== next++) return false;
          if (next === stopAt) break;
        }
        return next === stopAt;
      });
    case 2:
      return run("sum", false, async () => {
        const numbers = Array.from({ length: 1 + below(50) }, () => below(1000));
        async function* items() {
          yield* numbers;
        }
        const total = await client.sum(items());
        return total === numbers.reduce((a, b) => a + b, 0);
      });
    case 3:
      return run("chat", false, async () => {
        const words = Array.from({ length: 1 + below(20) }, (_, i) => `${tag.seq}-${i}`);
        async function* said() {
          yield* words;
        }
        const heard: string[] = [];
        for await (const reply of client.chat(said())) heard.push(reply);
        return heard.join() === words.map((w) => `re:${w}`).join();
      });
    case 4:
      return run("slow+deadline", true, async (allowed) => {
        allowed.add("deadline_exceeded");
        const ms = below(40);
        const answer = await client.slow({ ...tag, ms }, { timeoutMs: 1 + below(60) });
        return answer.seq === tag.seq && answer.client === tag.client;
      });
    default:
      return run("slow+cancel", true, async (allowed) => {
        allowed.add("cancelled");
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), below(40));
        try {
          const answer = await client.slow(
            { ...tag, ms: below(40) },
            { signal: controller.signal },
          );
          return answer.seq === tag.seq;
        } finally {
          clearTimeout(timer);
        }
      });
  }
}

/** Now and then the client drops its own connection and starts over on a new transport. */
function maybeReconnect(): void {
  if (random() >= 0.002) return;
  report.reconnects++;
  const old = transport;
  transport = tcpTransport(values.url!, { connectTimeoutMs: 5000 });
  client = createClient(SoakService, transport);
  void old.close();
}

async function worker(): Promise<void> {
  while (performance.now() < endAt) {
    maybeReconnect();
    await oneCall();
  }
}

await Promise.all(Array.from({ length: concurrency }, () => worker()));
await transport.close();
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(0);
