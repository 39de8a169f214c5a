import { type ClientOf, createClient } from "@rpcgen/runtime";
import { afterAll, describe, expect, test } from "vitest";
import { TestService, type TestServiceApi } from "../../runtime/test/fixtures/echo-service.js";
import { ProbeService } from "./fixtures/probe-service.js";
import { closeAllFixtures, rpcErrorOf, startFixture } from "./fixtures/spawn-fixture.js";

afterAll(closeAllFixtures);

/** Starts a stream and a few sleeping calls, all in flight on the child when it dies. */
async function callsInFlight(client: ClientOf<TestServiceApi>) {
  const stream = client.countSlowly({ n: 100_000 })[Symbol.asyncIterator]();
  expect((await stream.next()).value).toBe(0);
  const sleeps = Array.from({ length: 5 }, () => rpcErrorOf(client.sleep({ ms: 60_000 })));
  // A few more items prove the sleeps' frames, sent before them, reached the child.
  for (let i = 1; i <= 3; i++) expect((await stream.next()).value).toBe(i);
  const streamError = rpcErrorOf(
    (async () => {
      for (;;) await stream.next();
    })(),
  );
  return { failures: Promise.all([streamError, ...sleeps]) };
}

describe("a child that dies", () => {
  test("kill -9 mid-call and mid-stream fails every call in flight with unavailable naming the command and signal", async () => {
    const fixture = startFixture();
    const client = createClient(TestService, fixture.transport);
    const { failures } = await callsInFlight(client);
    await fixture.kill("SIGKILL");
    const errors = await failures;
    expect(errors.map((e) => e.code)).toEqual(Array(6).fill("unavailable"));
    for (const error of errors) {
      expect(error.message).toMatch(/^child process .*serve\.ts \(pid \d+\) was killed by SIGKILL/);
    }
  });

  test("an exit from inside a handler names the exit code and the last lines of stderr", async () => {
    const fixture = startFixture();
    const client = createClient(TestService, fixture.transport);
    const probe = createClient(ProbeService, fixture.transport);
    await fixture.transport.connect();
    const sleeping = rpcErrorOf(client.sleep({ ms: 60_000 }));
    const exiting = rpcErrorOf(probe.exit({ code: 3, message: "fatal: the disk is on fire" }));
    const errors = await Promise.all([sleeping, exiting]);
    for (const error of errors) {
      expect(error.code).toBe("unavailable");
      expect(error.message).toContain("exited with code 3");
      expect(error.message).toContain("the last lines of its stderr:\nfatal: the disk is on fire");
    }
    expect(fixture.exits.at(-1)).toMatchObject({ code: 3, signal: null });
  });

  test("the next call after a crash spawns a new child", async () => {
    const fixture = startFixture();
    const probe = createClient(ProbeService, fixture.transport);
    const first = await probe.pid(null);
    expect(fixture.transport.pid).toBe(first);
    await fixture.kill("SIGKILL");
    expect(fixture.transport.pid).toBeUndefined();
    const second = await probe.pid(null);
    expect(second).not.toBe(first);
    expect(fixture.transport.pid).toBe(second);
    expect(await createClient(TestService, fixture.transport).echo({ x: 1, y: 2 })).toEqual({
      x: 1,
      y: 2,
    });
  });

  test("with reconnect: false the first child is the only one", async () => {
    const fixture = startFixture([], { reconnect: false });
    const probe = createClient(ProbeService, fixture.transport);
    await probe.pid(null);
    await fixture.kill("SIGKILL");
    const error = await rpcErrorOf(probe.pid(null));
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain(
      "was killed by SIGKILL and respawning is off (reconnect: false)",
    );
    expect(fixture.exits).toHaveLength(1);
  });
});
