import { createClient } from "@rpcgen/runtime";
import { afterAll, expect, test } from "vitest";
import { TestService } from "../../runtime/test/fixtures/echo-service.js";
import { spawnStdio } from "../src/index.js";
import { closeAllFixtures, rpcErrorOf, startFixture } from "./fixtures/spawn-fixture.js";

afterAll(closeAllFixtures);

test("a child printing text on stdout fails with unavailable quoting the text, and is ended", async () => {
  const fixture = startFixture(["--banner", "Welcome to the path service v2"], {
    reconnect: false,
  });
  const error = await rpcErrorOf(createClient(TestService, fixture.transport).empty({}));
  expect(error.code).toBe("unavailable");
  expect(error.message).toContain("does not speak the rpcgen protocol");
  expect(error.message).toContain('its output starts with "Welcome to the path service v2');
  await expect.poll(() => fixture.exits.length).toBe(1);
});

test("a program that is not an rpcgen server at all fails the call instead of hanging", async () => {
  const transport = spawnStdio(
    process.execPath,
    ["-e", "console.log('usage: tool [options]'); setInterval(() => {}, 1000)"],
    { reconnect: false, stderr: "pipe" },
  );
  try {
    const error = await rpcErrorOf(createClient(TestService, transport).empty({}));
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain('"usage: tool [options]\\n"');
  } finally {
    await transport.close();
  }
});

test("a child that never answers fails after connectTimeoutMs", async () => {
  const transport = spawnStdio(process.execPath, ["-e", "setInterval(() => {}, 1000)"], {
    reconnect: false,
    connectTimeoutMs: 200,
  });
  try {
    const error = await rpcErrorOf(createClient(TestService, transport).empty({}));
    expect(error.code).toBe("unavailable");
    // The attempt and the call's own wait are both bounded by connectTimeoutMs; either may
    // report it first.
    expect(error.message).toContain("within connectTimeoutMs = 200 ms");
  } finally {
    await transport.close();
  }
  expect(transport.pid).toBeUndefined();
});

test("a command that does not exist fails with unavailable naming it", async () => {
  const transport = spawnStdio("rpcgen-no-such-command", ["--serve"], { reconnect: false });
  try {
    const error = await rpcErrorOf(createClient(TestService, transport).empty({}));
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain("cannot start rpcgen-no-such-command --serve");
    expect(error.message).toContain("ENOENT");
  } finally {
    await transport.close();
  }
});

test("a child that exits before the handshake is reported with its code and stderr", async () => {
  const transport = spawnStdio(
    process.execPath,
    ["-e", "console.error('config file missing'); process.exit(78)"],
    { reconnect: false, stderr: "pipe" },
  );
  try {
    const error = await rpcErrorOf(createClient(TestService, transport).empty({}));
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain("exited with code 78");
    expect(error.message).toContain("config file missing");
  } finally {
    await transport.close();
  }
});
