/**
 * The generated Python client against a real rpcgen HTTP server (a child process serving
 * fixtures/kinds.ts, every kind of the IR): values of every kind round-trip, a response of the
 * wrong type is refused naming its path, declared errors arrive as their exception classes,
 * metadata travels, deadlines end calls. Then `py_compile` and `mypy --strict` on the module.
 */
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ChildServer, spawnChildServer } from "../../../runtime/test/support/child-server.js";
import { needs } from "../../../runtime/test/support/external.js";
import { kindsServerSource } from "./kinds-server-source.js";
import { fixtures, generateInto, mypyStrict, python, run, scratch } from "./support.js";

const hasPython = await needs("python3", "Python client tests");
const hasMypy = await needs("mypy", "Python type-checking tests");

describe.runIf(hasPython)("the Python client of fixtures/kinds.ts over HTTP", () => {
  const work = scratch("kinds");
  const py = join(work.dir, "py");
  let server: ChildServer;
  const call = (name: string) =>
    python(join(fixtures, "kinds_calls.py"), [server.url, name], { cwd: work.dir, pythonPath: py });

  beforeAll(async () => {
    copyFileSync(join(fixtures, "kinds.ts"), join(work.dir, "kinds.ts"));
    generateInto([join(work.dir, "kinds.ts")], join(work.dir, "gen"), "typescript");
    generateInto([join(work.dir, "kinds.ts")], py, "python");
    writeFileSync(join(work.dir, "server.ts"), kindsServerSource);
    server = await spawnChildServer(join(work.dir, "server.ts"), [], {
      cwd: work.dir,
      timeoutMs: 60_000,
    });
  }, 120_000);

  afterAll(async () => {
    await server?.kill("SIGKILL");
    work.remove();
  });

  test("a value holding every kind comes back equal", async () => {
    const result = await call("echo");
    expect(result).toEqual({
      equal: true,
      when: "2024-02-29T12:30:15.123000+00:00",
      big: 2 ** 70,
    });
  });

  test("unary calls with several parameters, no result and an unknown result", async () => {
    expect(await call("unary")).toEqual({
      greet: "Hi Ada x2 red",
      anything: { list: [1, "two", null, { three: true }] },
    });
  });

  test("a server stream is read message by message", async () => {
    expect(await call("stream")).toEqual({ count: [0, 1, 2] });
  });

  test("a response of the wrong type is refused, naming its path", async () => {
    expect(await call("break")).toMatchObject({
      class: "RpcError",
      code: "internal",
      message:
        "response failed validation: response.tree.children[0].name: expected string, got number",
      details: "{'path': 'response.tree.children[0].name'}",
    });
  });

  test("metadata travels as headers; a reserved name is refused before sending", async () => {
    expect(await call("metadata")).toEqual({ greet: "Hello Ada x1" });
    expect(await call("reserved-metadata")).toMatchObject({
      code: "invalid_argument",
      message:
        "metadata key content-type cannot travel over HTTP: it is an HTTP or reserved header",
    });
  });

  test("a declared error raises its class with typed details", async () => {
    expect(await call("declared")).toMatchObject({
      class: "Unwelcome",
      code: "permission_denied",
      type: "Unwelcome",
      name: "Mallory",
      since: "1970-01-01T00:00:00+00:00",
    });
    expect(await call("declared-empty")).toMatchObject({
      class: "Tired",
      code: "unavailable",
      retry_after: null,
    });
  });

  test("a declared error's details are checked; an undeclared type stays an RpcError", async () => {
    expect(await call("wire-errors")).toMatchObject({
      bad: {
        class: "RpcError",
        code: "internal",
        message: "response failed validation: details.name: expected string, got number",
      },
      other_code: { class: "RpcError", code: "not_found", type: "Unwelcome" },
      unknown: { class: "RpcError", code: "permission_denied", type: "Banned" },
    });
  });

  test("a call past its deadline is deadline_exceeded, unary or stream", async () => {
    expect(await call("deadline")).toMatchObject({ code: "deadline_exceeded" });
    expect(await call("stream-deadline")).toMatchObject({
      code: "deadline_exceeded",
      received: [0],
    });
  });

  test("a server that is not there is unavailable, naming the URL", async () => {
    const result = await call("unavailable");
    expect(result.code).toBe("unavailable");
    expect(result.message).toMatch(
      /^HTTP call to http:\/\/127\.0\.0\.1:9\/KindsService\/greet failed: /,
    );
  });

  test("the module and the calls compile", async () => {
    const compiled = await run("python3", ["-m", "py_compile", join(py, "kinds.py")], {
      cwd: work.dir,
    });
    expect(compiled).toMatchObject({ code: 0, stderr: "" });
  });

  test.runIf(hasMypy)("mypy --strict passes on the module and on code using it", async () => {
    const script = join(work.dir, "kinds_calls.py");
    copyFileSync(join(fixtures, "kinds_calls.py"), script);
    const checked = await mypyStrict([join(py, "kinds.py"), script], work.dir);
    expect(checked.stdout).toMatch(/^Success: no issues found in 2 source files/);
  });
});
