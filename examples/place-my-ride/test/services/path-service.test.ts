import { RpcError } from "@rpcgen/runtime";
import { tcpTransport } from "@rpcgen/transport-tcp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ServiceProcess, startService } from "../../src/demo/spawn-service.js";
import { createPathServiceClient, type PathServiceClient } from "../../src/gen/path.js";

const centre = { lat: 48.8566, lon: 2.3522 };
const east = { lat: 48.8566, lon: 2.3722 };

let service: ServiceProcess;
let paths: PathServiceClient;
let close: () => Promise<void>;

beforeAll(async () => {
  service = await startService("path");
  const transport = tcpTransport(service.url);
  paths = createPathServiceClient(transport);
  close = () => transport.close();
});

afterAll(async () => {
  await close?.();
  await service?.stop("SIGKILL");
});

async function failure(promise: Promise<unknown>): Promise<RpcError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RpcError);
  return error as RpcError;
}

describe("path service in its own process over TCP", () => {
  test("answers shortestPath with a route along the roads", async () => {
    const route = await paths.shortestPath({ from: centre, to: east }, { timeoutMs: 5000 });
    // 1.46 km as the crow flies; roads are never shorter.
    expect(route.distanceMeters).toBeGreaterThan(1400);
    expect(route.etaSeconds).toBeGreaterThan(0);
    expect(route.path.length).toBeGreaterThan(2);
  });

  test("streams distinct alternatives, the fastest first", async () => {
    const routes = [];
    for await (const r of paths.alternatives({ from: centre, to: east })) routes.push(r);
    expect(routes.length).toBeGreaterThanOrEqual(1);
    for (const r of routes) expect(r.etaSeconds).toBeGreaterThanOrEqual(routes[0]!.etaSeconds);
  });

  test("a point outside the map is out_of_range, naming it", async () => {
    const error = await failure(paths.shortestPath({ from: { lat: 12.5, lon: 3.1 }, to: east }));
    expect(error.code).toBe("out_of_range");
    expect(error.message).toContain("from (12.5, 3.1) is outside the map area");
  });

  test("an invalid coordinate is refused before routing, with its path", async () => {
    const error = await failure(paths.shortestPath({ from: { lat: 91, lon: 0 }, to: east }));
    expect(error.code).toBe("invalid_argument");
    expect(error.message).toMatch(/^req\.from\.lat: /);
  });

  test("shuts down cleanly on SIGTERM", async () => {
    expect(await service.stop("SIGTERM")).toBe(0);
  });
});
