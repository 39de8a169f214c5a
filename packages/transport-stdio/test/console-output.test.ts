import { spawn } from "node:child_process";
import { createClient } from "@rpcgen/runtime";
import { afterAll, expect, test } from "vitest";
import { ProbeService } from "./fixtures/probe-service.js";
import { closeAllFixtures, nodeArgs, packageDir, startFixture } from "./fixtures/spawn-fixture.js";

afterAll(closeAllFixtures);

test("console output inside a handler goes to stderr and the call still succeeds", async () => {
  const fixture = startFixture();
  const probe = createClient(ProbeService, fixture.transport);
  expect(await probe.print({ text: "hello" })).toBe("printed");
  // The frame stream survived the printing: later calls work on the same child.
  const pid = await probe.pid(null);
  expect(await probe.print({ text: "again" })).toBe("printed");
  expect(await probe.pid(null)).toBe(pid);
  await expect
    .poll(() => fixture.stderr)
    .toEqual(
      expect.arrayContaining([
        "hello log",
        "hello info",
        "hello debug",
        "{ dir: 'hello' }",
        "hello raw",
        "again raw",
      ]),
    );
});

test("a stderr callback receives the child's lines", async () => {
  const fixture = startFixture(["--stderr-line", "ready to serve"]);
  await fixture.transport.connect();
  await expect.poll(() => fixture.stderr).toContain("ready to serve");
});

test("by default the child's stderr passes through to the parent's stderr", async () => {
  // A real parent process using the defaults, so the child writes to the parent's own fd 2.
  const parent = spawn(process.execPath, [...nodeArgs, "test/fixtures/parent.ts"], {
    cwd: packageDir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  parent.stdout.setEncoding("utf8").on("data", (text: string) => {
    stdout += text;
  });
  parent.stderr.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  const code = await new Promise<number | null>((resolve) => parent.once("exit", resolve));
  expect({ code, stdout }).toEqual({ code: 0, stdout: "result printed\n" });
  expect(stderr).toContain("hello from the child");
  expect(stderr).toContain("through the parent log");
  expect(stderr).toContain("through the parent raw");
});
