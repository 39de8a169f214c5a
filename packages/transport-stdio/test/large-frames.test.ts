import { createClient } from "@rpcgen/runtime";
import { afterAll, expect, test } from "vitest";
import { TestService } from "../../runtime/test/fixtures/echo-service.js";
import { closeAllFixtures, startFixture } from "./fixtures/spawn-fixture.js";

afterAll(closeAllFixtures);

const limits = { maxFrameBytes: 32 * 1024 * 1024 };

test("frames of several MiB cross the pipes in both directions", async () => {
  const fixture = startFixture(["--limits", JSON.stringify(limits)], { limits });
  const client = createClient(TestService, fixture.transport);
  for (const size of [8 * 1024 * 1024, 20 * 1024 * 1024]) {
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i += 997) bytes[i] = (i * 31) & 0xff;
    const back = await client.echoBytes(bytes);
    expect(back.length).toBe(size);
    expect(Buffer.from(back).equals(Buffer.from(bytes))).toBe(true);
  }
});

test("several large frames in flight at once keep their boundaries", async () => {
  const fixture = startFixture(["--limits", JSON.stringify(limits)], { limits });
  const client = createClient(TestService, fixture.transport);
  const payloads = [3, 5, 7].map((mib) => new Uint8Array(mib * 1024 * 1024).fill(mib));
  const echoed = await Promise.all(payloads.map((p) => client.echoBytes(p)));
  expect(echoed.map((e) => [e.length, e[0], e.at(-1)])).toEqual(
    payloads.map((p) => [p.length, p[0], p.at(-1)]),
  );
  expect(await client.echo({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
});
