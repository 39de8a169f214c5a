import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@rpcgen/runtime";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { TestService } from "../../runtime/test/fixtures/echo-service.js";
import { type SpawnStdioOptions, type StdioTransport, spawnStdio } from "../src/index.js";
import { rpcErrorOf } from "./fixtures/spawn-fixture.js";

const dir = mkdtempSync(join(tmpdir(), "rpcgen-stdio-"));
const transports: StdioTransport[] = [];

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function transport(command: string, args: string[], options?: SpawnStdioOptions): StdioTransport {
  const t = spawnStdio(command, args, options);
  transports.push(t);
  return t;
}

describe("a command that cannot start fails the call at once, without retrying", () => {
  test.each([{}, { waitForReady: true }])("ENOENT, with options %j", async (options) => {
    const t = transport("rpcgen-no-such-command", ["--serve"], options);
    const error = await rpcErrorOf(createClient(TestService, t).empty({}));
    expect(error.code).toBe("unavailable");
    expect(error.message).toBe(
      "cannot connect to stdio:rpcgen-no-such-command --serve: cannot start rpcgen-no-such-command --serve: spawn rpcgen-no-such-command ENOENT",
    );
    // No backoff: the failure is permanent, the next call simply tries again.
    expect(t.state).toBe("idle");
    expect((await rpcErrorOf(createClient(TestService, t).empty({}))).message).toContain("ENOENT");
  });

  test("EACCES, for a file that may not be executed", async () => {
    const script = join(dir, "not-executable.sh");
    writeFileSync(script, "#!/bin/sh\n");
    chmodSync(script, 0o644);
    const t = transport(script, []);
    const error = await rpcErrorOf(createClient(TestService, t).empty({}));
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain(`spawn ${script} EACCES`);
    expect(t.state).toBe("idle");
  });
});

test("without a deadline, a child that keeps exiting before the handshake fails the call after connectAttempts children", async () => {
  const t = transport(process.execPath, ["-e", "process.exit(3)"], { stderr: "pipe" });
  const error = await rpcErrorOf(createClient(TestService, t).empty({}));
  expect(error.code).toBe("unavailable");
  expect(error.message).toContain("stdio:");
  expect(error.message).toContain("3 attempts in a row failed (connectAttempts = 3)");
  expect(error.message).toContain("exited with code 3");
});
