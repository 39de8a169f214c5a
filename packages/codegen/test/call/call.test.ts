/**
 * `rpcgen call` end to end: the real CLI in a child process against real servers in other
 * processes, over TCP, HTTP and stdio, reading the schema from the server's reflection or
 * from --schema.
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ChildServer, spawnChildServer } from "../../../runtime/test/support/child-server.js";
import { natsUrl, needs } from "../../../runtime/test/support/external.js";
import { generate } from "../../src/index.js";
import { toolboxServerSource } from "./fixtures/server-source.js";
import { jsonLines, nodeFlags, repo, rpcgen, startRpcgen } from "./run-cli.js";

const dir = join(repo, "packages/codegen/test/.tmp", `call-${process.pid}`);
const schemaFile = join(dir, "gen/toolbox.schema.json");
const serverScript = join(dir, "server.ts");
/** A child serving on its own stdin/stdout, started by `rpcgen call` itself. */
const stdioCommand = [process.execPath, ...nodeFlags, serverScript, "stdio"];
const stdioTarget = `stdio:${stdioCommand.map((w) => JSON.stringify(w)).join(" ")}`;
/** The same server without reflection. */
const bareStdioTarget = `${stdioTarget} --no-reflection`;
const slow = { timeout: 120_000 };

const sample = {
  name: "ride",
  when: "2030-01-02T03:04:05.000Z",
  big: "12345678901234567890",
  blob: "AQID",
  tags: ["a", "b"],
  counts: [["x", 1]],
};

let tcp: ChildServer;
let http: ChildServer;

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(import.meta.dirname, "fixtures/toolbox.ts"), join(dir, "toolbox.ts"));
  const generated = generate({ files: [join(dir, "toolbox.ts")], outDir: join(dir, "gen") });
  expect(generated.diagnostics).toEqual([]);
  writeFileSync(serverScript, toolboxServerSource);
  [tcp, http] = await Promise.all([
    spawnChildServer(serverScript, ["tcp"], { cwd: repo, timeoutMs: 60_000 }),
    spawnChildServer(serverScript, ["http"], { cwd: repo, timeoutMs: 60_000 }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([tcp?.kill(), http?.kill()]);
  rmSync(dir, { recursive: true, force: true });
});

describe("rpcgen call over TCP, schema from reflection", slow, () => {
  test("converts the JSON argument to Dates, bigints, bytes, Sets and Maps, and prints the wire forms", async () => {
    const [compact, pretty] = await Promise.all([
      rpcgen(["call", tcp.url, "Toolbox.inspect", JSON.stringify(sample)]),
      rpcgen(["call", tcp.url, "Toolbox.inspect", JSON.stringify(sample), "--format", "pretty"]),
    ]);
    expect(compact.stderr).toBe("");
    expect(compact.code).toBe(0);
    expect(compact.stdout.trimEnd().split("\n")).toHaveLength(1);
    expect(JSON.parse(compact.stdout)).toEqual({
      seen: {
        name: "string",
        when: "Date",
        big: "bigint",
        blob: "Uint8Array",
        tags: "Set",
        counts: "Map",
      },
      sample,
    });
    expect(pretty.stdout).toContain('\n  "seen": {\n    "name": "string",');
    expect(JSON.parse(pretty.stdout)).toEqual(JSON.parse(compact.stdout));
  });

  test("checks the argument before sending: exit 1, the path, nothing sent", async () => {
    const bad = await rpcgen([
      "call",
      tcp.url,
      "Toolbox.inspect",
      JSON.stringify({ ...sample, counts: [["x", "one"]] }),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(
      /^rpcgen: invalid_argument: sample\.counts\[0\]\[1\]: expected number, got string/,
    );
    expect(bad.stderr).toContain("nothing was sent");
    const short = await rpcgen([
      "call",
      tcp.url,
      "Toolbox.inspect",
      JSON.stringify({ ...sample, name: "" }),
    ]);
    expect(short.stderr).toContain("sample.name: expected at least 1 character");
  });

  test("a server stream prints one JSON value per line; client streams and bidi read lines from stdin", async () => {
    const [count, sum, shout] = await Promise.all([
      rpcgen(["call", tcp.url, "Toolbox.count", "3"]),
      rpcgen(["call", tcp.url, "Toolbox.sum"], "1\n2\n\n39\n"),
      rpcgen(["call", tcp.url, "Toolbox.shout", "-"], '"hello"\n"world"\n'),
    ]);
    expect(count.stdout).toBe("1\n2\n3\n");
    expect(sum.stdout).toBe("42\n");
    expect(shout.stdout).toBe('"HELLO"\n"WORLD"\n');
    const badLine = await rpcgen(["call", tcp.url, "Toolbox.sum"], '1\n"two"\n');
    expect(badLine.code).toBe(1);
    expect(badLine.stderr).toContain(
      "invalid_argument: line 2: values: expected number, got string",
    );
  });

  test("metadata, several parameters, an RPC error, a timeout, input from a file", async () => {
    const file = join(dir, "sample.json");
    writeFileSync(file, JSON.stringify(sample));
    const [whoami, fail, wait, fromFile] = await Promise.all([
      rpcgen(["call", tcp.url, "Toolbox.whoami", "--metadata", "user=ann", "-m", "X-Trace=7"]),
      rpcgen(["call", tcp.url, "Toolbox.fail", '{"code":"not_found","message":"no ride 42"}']),
      rpcgen(["call", tcp.url, "Toolbox.wait", "60000", "--timeout", "300ms"]),
      rpcgen(["call", tcp.url, "Toolbox.inspect", `@${file}`]),
    ]);
    expect(JSON.parse(fromFile.stdout).sample).toEqual(sample);
    expect(JSON.parse(whoami.stdout)).toMatchObject({ user: "ann", "x-trace": "7" });
    expect(fail.code).toBe(1);
    expect(fail.stderr).toBe("rpcgen: not_found: no ride 42\n");
    expect(wait.code).toBe(1);
    expect(wait.stderr).toMatch(/^rpcgen: deadline_exceeded: /);
  });

  test("--list lists services and methods; --describe prints TypeScript", async () => {
    const [list, described] = await Promise.all([
      rpcgen(["call", tcp.url, "--list"]),
      rpcgen(["call", tcp.url, "--describe", "Toolbox"]),
    ]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(
      "Toolbox\n  inspect (unary)\n  count (server_stream)\n  sum (client_stream)\n  shout (bidi)\n",
    );
    expect(list.stdout).toContain("RpcgenReflection\n");
    expect(list.stdout).toContain("RpcgenHealth\n  check (unary)\n  watch (server_stream)\n");
    expect(described.stdout).toContain("interface Toolbox {\n");
    expect(described.stdout).toContain("  inspect(sample: Sample): Promise<Inspected>;\n");
    expect(described.stdout).toContain("  sum(values: AsyncIterable<number>): Promise<number>;\n");
    expect(described.stdout).toContain("  fail(code: string, message: string): Promise<void>;\n");
    expect(described.stdout).toContain(
      "interface Sample {\n  name: string; // @minLength 1\n  when: Date;\n  big: bigint;",
    );
  });

  test("health is callable like any other service; unknown services and methods are named", async () => {
    const [health, service, method] = await Promise.all([
      rpcgen(["call", tcp.url, "RpcgenHealth.check", '{"service":"Toolbox"}']),
      rpcgen(["call", tcp.url, "Nope.x", "{}"]),
      rpcgen(["call", tcp.url, "Toolbox.nope", "{}"]),
    ]);
    expect(health.stdout).toBe('{"status":"serving"}\n');
    expect(service.code).toBe(1);
    expect(service.stderr).toContain("the server has no schema for service Nope");
    expect(method.stderr).toContain("Toolbox has no method nope; its methods: inspect, count");
  });
});

describe("health across processes", slow, () => {
  test("a watch hears not_serving when the server drains on SIGTERM, then ends", async () => {
    const server = await spawnChildServer(serverScript, ["tcp"], { cwd: repo, timeoutMs: 60_000 });
    const watch = startRpcgen(["call", server.url, "RpcgenHealth.watch", "{}"]);
    let stdout = "";
    let stderr = "";
    watch.stderr.setEncoding("utf8").on("data", (text: string) => {
      stderr += text;
    });
    const closed = new Promise<number | null>((resolve) => watch.once("close", resolve));
    await new Promise<void>((resolve, reject) => {
      watch.stdout.setEncoding("utf8").on("data", (text: string) => {
        stdout += text;
        if (stdout.includes("\n")) resolve();
      });
      void closed.then(() => reject(new Error(`the watch ended early: ${stderr}`)));
    });
    expect(stdout).toBe('{"status":"serving"}\n');
    server.child.kill("SIGTERM");
    expect(await closed).toBe(0);
    expect(stdout).toBe('{"status":"serving"}\n{"status":"not_serving"}\n');
    expect((await server.exited).code).toBe(0);
  });
});

describe("rpcgen call over HTTP", slow, () => {
  test("unary and server stream; a client stream is refused with the transport's reason", async () => {
    const [unary, stream, clientStream] = await Promise.all([
      rpcgen(["call", http.url, "Toolbox.inspect", JSON.stringify(sample)]),
      rpcgen(["call", http.url, "Toolbox.count", "2"]),
      rpcgen(["call", http.url, "Toolbox.sum"], "1\n"),
    ]);
    expect(JSON.parse(unary.stdout).seen.when).toBe("Date");
    expect(jsonLines(stream.stdout)).toEqual([1, 2]);
    expect(clientStream.code).toBe(1);
    expect(clientStream.stderr).toMatch(/^rpcgen: unimplemented: /);
  });
});

describe("rpcgen call over stdio", slow, () => {
  test("runs the server as a child: reflection, or --schema from a file when it has none", async () => {
    const [reflected, fromFile, noReflection] = await Promise.all([
      rpcgen(["call", stdioTarget, "Toolbox.count", "2"]),
      rpcgen(["call", bareStdioTarget, "Toolbox.sum", "--schema", schemaFile], "20\n22\n"),
      rpcgen(["call", bareStdioTarget, "--list"]),
    ]);
    expect(noReflection.code).toBe(1);
    // The child's own stderr (its "listening on" line) comes through, as a server's logs should.
    expect(noReflection.stderr).toContain(
      "rpcgen: the server does not serve reflection: add it with addReflection(server, { schemas }) from @rpcgen/runtime, or pass --schema <file.schema.json>\n",
    );
    expect(reflected.stderr).not.toContain("rpcgen:");
    expect(reflected.stdout).toBe("1\n2\n");
    expect(fromFile.stdout).toBe("42\n");
  });
});

describe.runIf(await needs("nats", "rpcgen call over NATS"))("rpcgen call over NATS", slow, () => {
  test("the URL the replica prints: reflection, unary and a server stream", async () => {
    const nats = await spawnChildServer(serverScript, ["nats", natsUrl, `calltest${process.pid}`], {
      cwd: repo,
      timeoutMs: 60_000,
    });
    try {
      expect(nats.url).toMatch(/^nats:\/\/.*\/calltest\d+$/);
      const [unary, stream] = await Promise.all([
        rpcgen(["call", nats.url, "Toolbox.inspect", JSON.stringify(sample)]),
        rpcgen(["call", nats.url, "Toolbox.count", "2"]),
      ]);
      expect(JSON.parse(unary.stdout).seen.big).toBe("bigint");
      expect(stream.stdout).toBe("1\n2\n");
    } finally {
      await nats.kill();
    }
  });
});

describe("rpcgen call usage", slow, () => {
  test("mistakes on the command line exit 2; an unknown scheme names the ones there are", async () => {
    const [noMethod, scheme] = await Promise.all([
      rpcgen(["call", tcp.url, "Toolbox"]),
      rpcgen(["call", "ftp://x", "A.b"]),
    ]);
    expect(noMethod.code).toBe(2);
    expect(noMethod.stderr).toContain('name the method as <Service>.<method>, got "Toolbox"');
    expect(scheme.code).toBe(1);
    expect(scheme.stderr).toContain('unknown target "ftp://x": expected one of tcp://');
  });
});
