import { spawn } from "node:child_process";
import { createClient, createClientSession } from "@rpcgen/runtime";
import { expect, test } from "vitest";
import { TestService } from "../../runtime/test/fixtures/echo-service.js";
import { stdioChannel } from "../src/index.js";
import { nodeArgs, packageDir, serveFixture } from "./fixtures/spawn-fixture.js";

test("when its stdin ends the server drains the calls in flight and the process exits by itself", async () => {
  const child = spawn(process.execPath, [...nodeArgs, serveFixture], {
    cwd: packageDir,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const session = createClientSession(stdioChannel(child.stdout, child.stdin, "stdio:serve.ts"));
  const client = createClient(TestService, session);
  expect(await client.echo({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });

  const sleeping = client.sleep({ ms: 300 });
  // The sleep's frame must reach the child before its stdin ends.
  expect(await client.empty({})).toEqual({});
  child.stdin.end();
  expect(await sleeping).toBe("woke");
  expect(await exited).toBe(0);
  expect(stderr).toContain("serving ended");
  await session.close();
});
