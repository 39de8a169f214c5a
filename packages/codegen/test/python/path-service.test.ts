/**
 * The Python client generated from placeMyRide's services/path.ts against the real path
 * service, started as `pnpm path-service --transport http` does: a unary call, a server stream,
 * requests the server refuses (naming the field), and the declared errors OutOfArea and
 * Unreachable with their typed details. `py_compile` and `mypy --strict` on both modules.
 */
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ChildServer, spawnChildServer } from "../../../runtime/test/support/child-server.js";
import { needs } from "../../../runtime/test/support/external.js";
import { fixtures, generateInto, mypyStrict, python, repo, run, scratch } from "./support.js";

const hasPython = await needs("python3", "Python client tests");
const hasMypy = await needs("mypy", "Python type-checking tests");
const example = join(repo, "examples/place-my-ride");
const idl = ["services/path.ts", "services/ride.ts"].map((file) => join(example, file));

describe.runIf(hasPython)("the Python client of placeMyRide's path service", () => {
  const work = scratch("path");
  const py = join(work.dir, "py");
  let service: ChildServer;
  const call = (name: string, ...args: string[]) =>
    python(join(fixtures, "path_calls.py"), [service.url, name, ...args], {
      cwd: work.dir,
      pythonPath: py,
    });

  beforeAll(async () => {
    generateInto(idl, py, "python");
    const main = join(example, "src/path-service/main.ts");
    service = await spawnChildServer(main, ["--transport", "http", "--port", "0"], {
      cwd: repo,
      timeoutMs: 60_000,
    });
  }, 120_000);

  afterAll(async () => {
    await service?.kill("SIGKILL");
    work.remove();
  });

  test("shortest_path answers a route along the roads", async () => {
    const route = await call("unary");
    // 1.46 km as the crow flies; roads are never shorter.
    expect(route.distance).toBeGreaterThan(1400);
    expect(route.eta).toBeGreaterThan(0);
    expect(route.points).toBeGreaterThan(2);
  });

  test("alternatives streams routes, the fastest first", async () => {
    const { etas } = (await call("stream")) as { etas: number[] };
    expect(etas.length).toBeGreaterThanOrEqual(1);
    for (const eta of etas) expect(eta).toBeGreaterThanOrEqual(etas[0] as number);
  });

  test("a request the server refuses is invalid_argument naming the field", async () => {
    expect(await call("invalid")).toEqual({
      class: "RpcError",
      code: "invalid_argument",
      message: "req.from.lat: expected at most 90, got 91",
      details: { path: "req.from.lat" },
    });
    expect(await call("invalid-type")).toMatchObject({
      code: "invalid_argument",
      message: "req.from.lat: expected number, got string",
    });
  });

  test("a point off the map raises OutOfArea with its typed details", async () => {
    const result = await call("out-of-area");
    expect(result).toMatchObject({
      class: "OutOfArea",
      code: "out_of_range",
      type: "OutOfArea",
      point: "from",
    });
    const [south, west, north, east] = result.bounds as number[];
    expect(south).toBeLessThan(north as number);
    expect(west).toBeLessThan(east as number);
  });

  test("a stream refused before its first route raises the declared error too", async () => {
    expect(await call("stream-out-of-area")).toMatchObject({ class: "OutOfArea", point: "to" });
  });

  test("a destination only tolls reach, avoiding tolls, raises Unreachable naming them", async () => {
    // The airport of the city the service builds from its default seed.
    const script = join(work.dir, "airport.ts");
    const city = join(example, "src/path/index.ts");
    writeFileSync(
      script,
      `import { buildSyntheticCity } from ${JSON.stringify(city)};\n` +
        "const { airport } = buildSyntheticCity({ seed: 2024 });\n" +
        "process.stdout.write(JSON.stringify([String(airport.lat), String(airport.lon)]));\n",
    );
    const flags = ["--conditions=@rpcgen/source", "--import", "tsx", script];
    const located = await run(process.execPath, flags, { cwd: repo });
    expect(located.code).toBe(0);
    const [lat = "", lon = ""] = JSON.parse(located.stdout) as string[];
    expect(await call("unreachable", lat, lon)).toMatchObject({
      class: "Unreachable",
      code: "not_found",
      type: "Unreachable",
      avoid: ["tolls"],
    });
  });

  test("the modules and the calls compile", async () => {
    const files = ["path.py", "ride.py"].map((file) => join(py, file));
    const compiled = await run("python3", ["-m", "py_compile", ...files], { cwd: work.dir });
    expect(compiled).toMatchObject({ code: 0, stderr: "" });
  });

  test.runIf(hasMypy)("mypy --strict passes on both modules and on code using them", async () => {
    const script = join(work.dir, "path_calls.py");
    copyFileSync(join(fixtures, "path_calls.py"), script);
    const files = [join(py, "path.py"), join(py, "ride.py"), script];
    const checked = await mypyStrict(files, work.dir);
    expect(checked.stdout).toMatch(/^Success: no issues found in 3 source files/);
  });
});
