/**
 * The example's Python client: python/path.py and python/ride.py are what `rpcgen generate
 * --lang python` writes today, and python/book_ride.py, run with the real python3, books a
 * ride on a ride service served over HTTP and prints the ride's updates to its arrival.
 */
import { fileURLToPath } from "node:url";
import { generatePython } from "@rpcgen/codegen";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCommand } from "../../../../packages/codegen/test/support/run-node.js";
import { needs } from "../../../../packages/runtime/test/support/external.js";
import { type ServiceProcess, startService } from "../../src/demo/spawn-service.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const pythonDir = fileURLToPath(new URL("../../python/", import.meta.url));

test("the generated Python clients are up to date with services/*.ts", () => {
  const result = generatePython({
    files: ["services/path.ts", "services/ride.ts"],
    outDir: "python",
    cwd: root,
    check: true,
  });
  expect(result.diagnostics).toEqual([]);
  const stale = result.files.filter((f) => f.status !== "unchanged").map((f) => f.path);
  // Regenerate with: rpcgen generate --lang python services/path.ts services/ride.ts --out python
  expect(stale).toEqual([]);
});

const hasPython = await needs("python3", "Python example tests");

/** Runs `python3 args...` in python/ to its end; `out` is what it printed, stdout first. */
async function python3(args: readonly string[]): Promise<{ code: number | null; out: string }> {
  const env = { ...process.env, NO_PROXY: "127.0.0.1", no_proxy: "127.0.0.1" };
  const { code, stdout, stderr } = await runCommand("python3", args, { cwd: pythonDir, env });
  return { code, out: stdout + stderr };
}

describe.runIf(hasPython)("python/book_ride.py against the services over HTTP", () => {
  const services: ServiceProcess[] = [];
  let rideUrl: string;

  beforeAll(async () => {
    const path = await startService("path", ["--transport", "http"]);
    services.push(path);
    const ride = await startService("ride", ["--transport", "http", "--path-url", path.url]);
    services.push(ride);
    rideUrl = ride.url;
  }, 90_000);

  afterAll(async () => {
    for (const service of services.reverse()) await service.stop("SIGKILL");
  });

  test("logs in, books a ride and prints every update to the arrival", async () => {
    const { code, out } = await python3(["book_ride.py", rideUrl, "rider-py"]);
    expect(out).toMatch(/^logged in as rider-py until \d\d:\d\d:\d\d UTC\n/);
    expect(out).toMatch(/\nbooked [\w-]+: driver d-\d+, \d+ m, \d+ s\n/);
    const updates = out.split("\n").slice(2, -1);
    expect(updates[0]).toMatch(/^assigned: driver d-\d+, \d+ s away$/);
    expect(updates).toContainEqual(expect.stringMatching(/^picked up at \(/));
    expect(updates.at(-1)).toMatch(/^arrived after \d+ m$/);
    expect(code).toBe(0);
  });
});
