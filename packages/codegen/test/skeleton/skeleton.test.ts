/**
 * Server skeletons as a user gets them: `writeSkeleton` (what `rpcgen skeleton` runs) over
 * copies of two fixture IDLs, then the skeleton compiled with tsc --strict against the
 * generated code, filled in right and wrong, and served from a child process over TCP.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ClientOf } from "@rpcgen/runtime";
import { type TcpTransport, tcpTransport } from "@rpcgen/transport-tcp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ChildServer, spawnChildServer } from "../../../runtime/test/support/child-server.js";
import { writeSkeleton } from "../../src/skeleton/index.js";
import { createPathServiceClient } from "../fixtures/gen/path.js";
import { createStreamServiceClient } from "../fixtures/gen/streams.js";
import type { PathService } from "../fixtures/idl/path.js";
import type { StreamService } from "../fixtures/idl/streams.js";
import { tsc, writeStrictTsconfig } from "../support/tsc.js";

const repo = fileURLToPath(new URL("../../../../", import.meta.url));
const codegenTest = fileURLToPath(new URL("../", import.meta.url));
/** Inside the repository (gitignored), so `@rpcgen/*` resolve to the workspace. */
const dir = join(codegenTest, ".tmp", `skeleton-${process.pid}-${Date.now().toString(36)}`);
const skeletonFile = join(dir, "src/server.ts");
let written: ReturnType<typeof writeSkeleton>;
// Each test spawns the CLI (or tsc) a few times: on a loaded machine that exceeds the default 30 s.
const slow = { timeout: 120_000 };

beforeAll(() => {
  mkdirSync(join(dir, "services"), { recursive: true });
  for (const name of ["path", "streams"]) {
    copyFileSync(join(codegenTest, "fixtures/idl", `${name}.ts`), join(dir, `services/${name}.ts`));
  }
  writeStrictTsconfig(dir, ["services", "src"]);
  written = writeSkeleton({
    files: ["services/path.ts", "services/streams.ts"],
    genDir: "src/gen",
    outFile: "src/server.ts",
    cwd: dir,
  });
}, slow.timeout);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("writeSkeleton", slow, () => {
  test("generates the code, then writes a skeleton of every service", () => {
    expect(written).toMatchObject({ ok: true, services: ["PathService", "StreamService"] });
    for (const file of ["path.ts", "path.schema.json", "streams.ts", "streams.schema.json"]) {
      expect(existsSync(join(dir, "src/gen", file)), file).toBe(true);
    }
    const source = readFileSync(skeletonFile, "utf8");
    expect(source).toContain('from "./gen/path.js"');
    expect(source).toContain("export const pathService: PathServiceHandlers = {");
    expect(source).toContain(
      'throw new RpcError(RpcCode.Unimplemented, "StreamService.chat is not implemented yet");',
    );
  });

  test("the skeleton, and methods filled in right, compile with tsc --strict; wrong ones do not", () => {
    const skeleton = readFileSync(skeletonFile, "utf8");
    const stub = /shortestPath: \(_req, _ctx\) => \{\n\s*throw [^\n]*\n\s*\},/;
    expect(skeleton).toMatch(stub);
    const fill = (body: string) =>
      skeleton.replace(stub, `shortestPath: (req) => {\n    ${body}\n  },`);
    writeFileSync(
      join(dir, "src/right.ts"),
      fill("return { distanceMeters: req.from.lat, etaSeconds: 1, path: [req.from, req.to] };"),
    );
    writeFileSync(
      join(dir, "src/wrong.ts"),
      fill('return { distanceMeters: req.from.lat, etaSeconds: "soon", path: [] };'),
    );
    try {
      const run = tsc(dir);
      const errors = run.output.split("\n").filter((line) => line.includes("error TS"));
      expect(errors.length, run.output).toBe(1);
      expect(errors[0]).toMatch(/^src\/wrong\.ts\(\d+,\d+\): error TS2322: .*etaSeconds: string/);
    } finally {
      rmSync(join(dir, "src/right.ts"));
      rmSync(join(dir, "src/wrong.ts"));
    }
  });

  test("never overwrites the file: when it exists nothing at all is written", () => {
    const before = readFileSync(skeletonFile, "utf8");
    const again = writeSkeleton({
      files: ["services/path.ts"],
      genDir: "src/other-gen",
      outFile: "src/server.ts",
      cwd: dir,
    });
    expect(again).toEqual({ ok: false, error: { code: "exists", path: skeletonFile } });
    expect(readFileSync(skeletonFile, "utf8")).toBe(before);
    expect(existsSync(join(dir, "src/other-gen"))).toBe(false);
  });

  test("refuses an IDL file without a service, naming it", () => {
    writeFileSync(join(dir, "services/types.ts"), "export interface Point { x: number }\n");
    const result = writeSkeleton({
      files: ["services/types.ts"],
      genDir: "src/gen",
      outFile: "src/types-server.ts",
      cwd: dir,
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: "input",
        diagnostics: [{ code: "no-service", file: join(dir, "services/types.ts") }],
      },
    });
    expect(existsSync(join(dir, "src/types-server.ts"))).toBe(false);
  });
});

describe("rpcgen skeleton, run as a child process", slow, () => {
  const cli = (...args: string[]) => {
    const result = spawnSync(
      process.execPath,
      [
        "--conditions=@rpcgen/source",
        "--import",
        "tsx",
        join(repo, "packages/codegen/src/cli/bin.ts"),
        ...args,
      ],
      { cwd: dir, encoding: "utf8", timeout: 60_000 },
    );
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  test("writes a skeleton and says so", () => {
    const run = cli(
      "skeleton",
      "services/path.ts",
      "--gen",
      "src/gen",
      "--out",
      "src/path-server.ts",
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("rpcgen: wrote src/path-server.ts, a skeleton of PathService");
    expect(readFileSync(join(dir, "src/path-server.ts"), "utf8")).toContain("createPathServer");
  });

  test("exits 1 naming the file when --out exists, and leaves it alone", () => {
    const before = readFileSync(skeletonFile, "utf8");
    const run = cli("skeleton", "services/path.ts", "--gen", "src/gen", "--out", "src/server.ts");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "rpcgen: src/server.ts exists; rpcgen skeleton never overwrites a file. Choose another --out, or move the file away first.\n",
    );
    expect(readFileSync(skeletonFile, "utf8")).toBe(before);
  });
});

describe("a skeleton served over TCP", slow, () => {
  let server: ChildServer | undefined;
  let transport: TcpTransport;
  let paths: ClientOf<PathService>;
  let streams: ClientOf<StreamService>;

  beforeAll(async () => {
    const main = join(dir, "src/main.ts");
    writeFileSync(
      main,
      `import { listenTcp } from "@rpcgen/transport-tcp";
import { createPathStreamsServer } from "./server.js";

const listener = await listenTcp(createPathStreamsServer(), { port: 0 });
process.once("SIGTERM", () => void listener.close().then(() => process.exit(0)));
// The test holds our stdin open; if it dies without killing us, do not linger.
process.stdin.on("end", () => process.exit(2));
process.stdin.resume();
process.stdout.write(\`listening on \${listener.url}\\n\`);
`,
    );
    server = await spawnChildServer(main, [], { cwd: dir });
    const port = Number(new URL(server.url).port);
    transport = tcpTransport({ host: "127.0.0.1", port });
    paths = createPathServiceClient(transport);
    streams = createStreamServiceClient(transport);
  }, 60_000);

  afterAll(async () => {
    await transport?.close();
    await server?.kill("SIGTERM");
  });

  /** The `{code, message}` a call fails with. */
  async function failure(call: () => Promise<unknown>) {
    try {
      await call();
    } catch (error) {
      const { code, message } = error as { code: unknown; message: unknown };
      return { code, message };
    }
    throw new Error("expected the call to fail");
  }
  const unimplemented = (method: string) => ({
    code: "unimplemented",
    message: `${method} is not implemented yet`,
  });
  async function* items<T>(...values: T[]) {
    yield* values;
  }
  async function drain(stream: AsyncIterable<unknown>) {
    for await (const _ of stream) {
      // nothing: the call fails before any item
    }
  }

  test("every kind of method fails unimplemented, naming service and method", async () => {
    const req = { from: { lat: 1, lon: 2 }, to: { lat: 3, lon: 4 } };
    expect(await failure(() => paths.shortestPath(req))).toEqual(
      unimplemented("PathService.shortestPath"),
    );
    expect(await failure(() => drain(paths.alternatives(req)))).toEqual(
      unimplemented("PathService.alternatives"),
    );
    expect(await failure(() => streams.search("q", 1))).toEqual(
      unimplemented("StreamService.search"),
    );
    expect(await failure(() => streams.upload(items({ at: new Date(0), value: 1 })))).toEqual(
      unimplemented("StreamService.upload"),
    );
    expect(await failure(() => drain(streams.chat(items("hi"))))).toEqual(
      unimplemented("StreamService.chat"),
    );
  });
});
