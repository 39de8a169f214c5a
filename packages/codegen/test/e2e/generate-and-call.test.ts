/**
 * End to end, as a user works: copy IDL files into a scratch directory, run the real `rpcgen`
 * CLI in a child process, start a server (another child) built on the generated descriptors,
 * and call it over TCP through the generated client, with both codecs.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ClientOf, ClientTransport, Metadata } from "@rpcgen/runtime";
import { type TcpTransport, tcpTransport } from "@rpcgen/transport-tcp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ChildServer, spawnChildServer } from "../../../runtime/test/support/child-server.js";
import type { PathRequest, PathService } from "../fixtures/idl/path.js";
import type { StreamService, Tick } from "../fixtures/idl/streams.js";
import { type NodeRun, runNode } from "../support/run-node.js";
import { serverSource } from "./server-source.js";

const repo = fileURLToPath(new URL("../../../../", import.meta.url));
const codegenTest = fileURLToPath(new URL("../", import.meta.url));
const cli = join(repo, "packages/codegen/src/cli/bin.ts");
const nodeFlags = ["--conditions=@rpcgen/source", "--import", "tsx"];
const startTimeoutMs = 20_000;

/** A unique scratch directory inside the repository, so generated code resolves the workspace. */
const dir = join(codegenTest, ".tmp", `e2e-${process.pid}-${Date.now().toString(36)}`);
const outDir = join(dir, "gen");
const idls = ["path", "streams"] as const;

interface Server extends ChildServer {
  readonly port: number;
}

/** Spawns `script` and waits for its `listening on tcp://host:port` line; fails with its stderr. */
async function startServer(script: string): Promise<Server> {
  const server = await spawnChildServer(script, [], { cwd: repo, timeoutMs: startTimeoutMs });
  return { ...server, port: Number(new URL(server.url).port) };
}

/** Stops the server with SIGTERM, escalating to SIGKILL if it lingers. */
async function stopServer(server: Server): Promise<{ code: number | null }> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.exited;
  server.child.kill("SIGTERM");
  const timer = setTimeout(() => server.child.kill("SIGKILL"), 10_000);
  const status = await server.exited;
  clearTimeout(timer);
  return status;
}

/** The `{code, message}` a promise rejects with; fails if it resolves. */
async function failureOf(promise: Promise<unknown>): Promise<{ code: unknown; message: unknown }> {
  try {
    await promise;
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return { code, message };
  }
  throw new Error("expected the call to fail, but it succeeded");
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function* fromList<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

interface PathModule {
  createPathServiceClient(transport: ClientTransport): ClientOf<PathService>;
}
interface StreamsModule {
  createStreamServiceClient(transport: ClientTransport): ClientOf<StreamService>;
}

let generated: NodeRun[];
let server: Server | undefined;
let pathModule: PathModule;
let streamsModule: StreamsModule;

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  for (const name of idls) {
    copyFileSync(join(codegenTest, "fixtures/idl", `${name}.ts`), join(dir, `${name}.ts`));
  }
  generated = await Promise.all(
    idls.map((name) =>
      runNode([...nodeFlags, cli, "generate", join(dir, `${name}.ts`), "--out", outDir], repo),
    ),
  );
  if (generated.some((run) => run.code !== 0)) return; // reported by the first test
  const script = join(dir, "server.ts");
  writeFileSync(script, serverSource);
  server = await startServer(script);
  pathModule = (await import(pathToFileURL(join(outDir, "path.ts")).href)) as PathModule;
  streamsModule = (await import(pathToFileURL(join(outDir, "streams.ts")).href)) as StreamsModule;
}, 60_000);

afterAll(async () => {
  try {
    if (server !== undefined) await stopServer(server);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);

describe("rpcgen generate, run as a child process", () => {
  test("exits 0 and writes the module and schema of each IDL file", () => {
    for (const [i, run] of generated.entries()) {
      expect(run.code, `rpcgen generate ${idls[i]}.ts\n${run.stderr}`).toBe(0);
    }
    for (const name of idls) {
      expect(existsSync(join(outDir, `${name}.ts`))).toBe(true);
      expect(existsSync(join(outDir, `${name}.schema.json`))).toBe(true);
    }
  });

  test("writes the same bytes as the golden files, but for where the IDL file lies", () => {
    const gen = fileURLToPath(new URL("../fixtures/gen/", import.meta.url));
    for (const name of idls) {
      for (const file of [`${name}.ts`, `${name}.schema.json`]) {
        const written = readFileSync(join(outDir, file), "utf8");
        const golden = readFileSync(join(gen, file), "utf8");
        expect(written.replaceAll(`../${name}.`, `../idl/${name}.`), file).toBe(golden);
      }
    }
  });
});

const from = { lat: 52.52, lon: 13.405 };
const to = { lat: 48.137, lon: 11.575 };

describe.each(["msgpack", "json"] as const)("the generated client over TCP with %s", (codec) => {
  let transport: TcpTransport;
  let paths: ClientOf<PathService>;
  let streams: ClientOf<StreamService>;

  beforeAll(() => {
    if (server === undefined) throw new Error("the server did not start (see the first test)");
    transport = tcpTransport({ host: "127.0.0.1", port: server.port }, { codec });
    paths = pathModule.createPathServiceClient(transport);
    streams = streamsModule.createStreamServiceClient(transport);
  });

  afterAll(async () => {
    await transport?.close();
  });

  test("a unary call returns the handler's route", async () => {
    const route = await paths.shortestPath({ from, to }, { timeoutMs: 10_000 });
    expect(route.path).toEqual([from, to]);
    expect(route.distanceMeters).toBeGreaterThan(0);
    expect(route.etaSeconds).toBeCloseTo(route.distanceMeters / 10);
  });

  test("a server stream delivers every item in order", async () => {
    const routes = await collect(paths.alternatives({ from, to, avoid: ["tolls"] }));
    expect(routes).toHaveLength(3);
    const distances = routes.map((route) => route.distanceMeters);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
  });

  test("an invalid request fails invalid_argument with the path of the wrong value", async () => {
    const bad = { from: { lat: "x", lon: 1 }, to } as unknown as PathRequest;
    expect(await failureOf(paths.shortestPath(bad))).toEqual({
      code: "invalid_argument",
      message: "req.from.lat: expected number, got string",
    });
    expect(await failureOf(collect(streams.watch(5 as unknown as string)))).toEqual({
      code: "invalid_argument",
      message: "symbol: expected string, got number",
    });
  });

  test("unknown properties sent by the client never reach the handler", async () => {
    let trailers: Metadata | undefined;
    const sloppy = {
      from: { ...from, altitude: 30 },
      to,
      extra: true,
      constructor: "x",
    } as unknown as PathRequest;
    await paths.shortestPath(sloppy, {
      onTrailers: (received) => {
        trailers = received;
      },
    });
    expect(JSON.parse(trailers?.["x-keys"] ?? "null")).toEqual({
      req: ["from", "to"],
      from: ["lat", "lon"],
    });
  });

  test("methods without parameters or result work", async () => {
    await expect(streams.ping()).resolves.toBeUndefined();
    await expect(streams.flush()).resolves.toBeUndefined();
  });

  test("a method with several parameters gets each, optional ones absent or present", async () => {
    expect(await streams.search("q", 2)).toEqual(["q", "2", "undefined"]);
    expect(await streams.search("q", undefined, "c1")).toEqual(["q", "undefined", "c1"]);
    expect(await streams.search("q", 3, "c2")).toEqual(["q", "3", "c2"]);
    expect(await failureOf(streams.search(7 as unknown as string))).toEqual({
      code: "invalid_argument",
      message: "query: expected string, got number",
    });
  });

  test("server streams carry Dates both ways", async () => {
    const watched = await collect(streams.watch("ACME"));
    expect(watched).toHaveLength(3);
    for (const tick of watched) expect(tick.at).toBeInstanceOf(Date);
    expect(watched[0]).toEqual({ at: new Date(Date.UTC(2030, 0, 1)), value: 4 });
    const start = new Date(Date.UTC(2001, 8, 9, 1, 46, 40));
    const replayed = await collect(streams.replay(start));
    expect(replayed.map((tick) => tick.at.getTime())).toEqual([
      start.getTime(),
      start.getTime() + 1000,
      start.getTime() + 2000,
    ]);
    // The handler names its stream after what it received: "date" when `from` was a Date.
    expect(replayed.map((tick) => tick.value)).toEqual([4, 5, 6]);
    expect(await collect(streams.tail("x"))).toHaveLength(3);
  });

  test("a client stream sends every item, decoded on the server", async () => {
    const ticks: Tick[] = [0, 1, 2].map((i) => ({ at: new Date(i * 60_000), value: i }));
    expect(await streams.upload(fromList(ticks))).toEqual({ count: 3 });
    expect(await streams.upload(fromList([]))).toEqual({ count: 0 });
  });

  test("a bidi call answers each message", async () => {
    expect(await collect(streams.chat(fromList(["hello", "bidi", "world"])))).toEqual([
      "HELLO",
      "BIDI",
      "WORLD",
    ]);
  });

  test("an invalid client-stream item fails the call invalid_argument with its path", async () => {
    const bad = [
      { at: new Date(0), value: 1 },
      { at: "soon", value: 2 },
    ] as unknown as Tick[];
    const failure = await failureOf(streams.upload(fromList(bad)));
    expect(failure).toEqual({
      code: "invalid_argument",
      message: 'ticks.at: expected an ISO 8601 date, got "soon"',
    });
  });
});

test("the server shuts down cleanly on SIGTERM", async () => {
  if (server === undefined) throw new Error("the server did not start (see the first test)");
  const status = await stopServer(server);
  expect(status.code, server.stderr()).toBe(0);
});
