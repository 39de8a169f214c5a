import { createClient } from "@rpcgen/runtime";
import { afterAll, expect, test } from "vitest";
import { TestService } from "../../runtime/test/fixtures/echo-service.js";
import { ProbeService } from "./fixtures/probe-service.js";
import { closeAllFixtures, rpcErrorOf, startFixture } from "./fixtures/spawn-fixture.js";

afterAll(closeAllFixtures);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test("close() ends the child, fails calls in flight and resolves once it has exited", async () => {
  const fixture = startFixture();
  const client = createClient(TestService, fixture.transport);
  const pid = await createClient(ProbeService, fixture.transport).pid(null);
  const sleeping = rpcErrorOf(client.sleep({ ms: 60_000 }));
  await fixture.transport.close();
  expect(fixture.exits).toEqual([expect.objectContaining({ pid })]);
  expect(alive(pid)).toBe(false);
  expect(fixture.transport.pid).toBeUndefined();
  expect(fixture.transport.state).toBe("closed");
  expect((await sleeping).code).toBe("unavailable");
  const after = await rpcErrorOf(client.echo({ x: 1, y: 1 }));
  expect(after.code).toBe("unavailable");
});

test("close() kills a child that ignores SIGTERM with SIGKILL after the grace period", async () => {
  const fixture = startFixture(["--ignore-sigterm"], { graceMs: 300 });
  const pid = await createClient(ProbeService, fixture.transport).pid(null);
  await fixture.transport.close();
  expect(fixture.exits).toEqual([{ pid, code: null, signal: "SIGKILL" }]);
  expect(alive(pid)).toBe(false);
});

test("a child that ends when its stdin closes is not killed", async () => {
  // With a generous grace the child's own exit (stdin ended, serving drained) or SIGTERM ends
  // it; either way it never needs SIGKILL.
  const fixture = startFixture([], { graceMs: 20_000 });
  await fixture.transport.connect();
  await fixture.transport.close();
  expect(fixture.exits).toHaveLength(1);
  expect(fixture.exits[0]!.signal).not.toBe("SIGKILL");
});
