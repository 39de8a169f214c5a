import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { ClientTransport } from "@rpcgen/runtime";
import { httpTransport } from "@rpcgen/transport-http";
import { tcpTransport } from "@rpcgen/transport-tcp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { needs } from "../../../../packages/runtime/test/support/external.js";
import { type ServiceProcess, startService } from "../../src/demo/spawn-service.js";
import { createPathServiceClient, isPathServiceError } from "../../src/gen/path.js";
import { createRideServiceClient, isRideServiceError } from "../../src/gen/ride.js";
import { buildSyntheticCity } from "../../src/path/index.js";

// The errors PathService and RideService declare with `@throws`, raised by the real service
// processes and received with their typed details: by generated clients over TCP and HTTP, and
// by curl, which reads `type` and `details` in the HTTP error body.
const run = promisify(execFile);
const centre = { lat: 48.8566, lon: 2.3522 };
const offMap = { lat: 12.5, lon: 3.1 };
// The airport is reached only over a toll motorway: avoiding tolls, no route gets there. The
// path service builds the same city from its default seed.
const { airport } = buildSyntheticCity({ seed: 2024 });

const services: ServiceProcess[] = [];
const transports: ClientTransport[] = [];
let pathTcp: ServiceProcess;
let pathHttp: ServiceProcess;
let ride: ServiceProcess;

beforeAll(async () => {
  [pathTcp, pathHttp] = await Promise.all([
    startService("path"),
    startService("path", ["--transport", "http"]),
  ]);
  services.push(pathTcp, pathHttp);
  ride = await startService("ride", ["--path-url", pathTcp.url, "--drivers", "1"]);
  services.push(ride);
});

afterAll(async () => {
  for (const transport of transports) await transport.close();
  for (const service of services) await service.stop("SIGKILL");
});

/** What `promise` rejects with; fails when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

/** The map area the path service announces in OutOfArea details. */
const bounds = {
  south: expect.any(Number),
  west: expect.any(Number),
  north: expect.any(Number),
  east: expect.any(Number),
};

describe.each([
  ["TCP", () => tcpTransport(pathTcp.url)],
  ["HTTP", () => httpTransport(pathHttp.url)],
])("PathService's declared errors over %s", (_, connect) => {
  const client = () => {
    const transport = connect();
    transports.push(transport);
    return createPathServiceClient(transport);
  };

  test("a point off the map is OutOfArea, saying which one and the map's bounds", async () => {
    const error = await rejection(client().shortestPath({ from: offMap, to: centre }));
    if (!isPathServiceError.shortestPath(error)) throw error;
    expect(error.type).toBe("OutOfArea");
    expect(error.code).toBe("out_of_range");
    expect(error.message).toMatch(/^from \(12\.5, 3\.1\) is outside the map area /);
    if (error.type !== "OutOfArea") return;
    expect(error.details).toEqual({ point: "from", bounds });
    const { south, north, west, east } = error.details.bounds;
    expect(south < centre.lat && centre.lat < north && west < centre.lon && centre.lon < east).toBe(
      true,
    );
  });

  test("a destination only tolls reach, avoiding tolls, is Unreachable naming them", async () => {
    const paths = client();
    const error = await rejection(
      paths.shortestPath({ from: centre, to: airport, avoid: ["tolls", "tolls"] }),
    );
    if (!isPathServiceError.shortestPath(error)) throw error;
    switch (error.type) {
      case "OutOfArea":
        throw error;
      case "Unreachable":
        expect(error.code).toBe("not_found");
        expect(error.details).toEqual({ avoid: ["tolls"] });
        expect(error.message).toMatch(/avoids tolls: every way there uses them$/);
    }
    // Without the avoid list the airport is reachable: the details were right to blame it.
    expect((await paths.shortestPath({ from: centre, to: airport })).path.length).toBeGreaterThan(
      2,
    );
  });

  test("alternatives raise the same declared errors from the stream", async () => {
    const read = async () => {
      for await (const _ of client().alternatives({ from: centre, to: offMap }));
    };
    const error = await rejection(read());
    if (!isPathServiceError.alternatives(error)) throw error;
    expect(error.type).toBe("OutOfArea");
    expect(error.details).toEqual({ point: "to", bounds });
  });
});

describe.runIf(await needs("curl", "declared errors seen by curl"))(
  "PathService's declared errors seen by curl",
  () => {
    const post = async (body: unknown) => {
      const { stdout } = await run("curl", [
        "-sS",
        "-w",
        "\n%{http_code}",
        "-H",
        "content-type: application/json",
        "-d",
        JSON.stringify(body),
        `${pathHttp.url}/PathService/shortestPath`,
      ]);
      const at = stdout.lastIndexOf("\n");
      return { status: stdout.slice(at + 1), body: JSON.parse(stdout.slice(0, at)) as unknown };
    };

    test("the body of an OutOfArea error carries its type and details", async () => {
      const { status, body } = await post({ from: centre, to: offMap });
      expect(status).toBe("400");
      expect(body).toEqual({
        code: "out_of_range",
        message: expect.stringMatching(/^to \(12\.5, 3\.1\) is outside the map area /),
        type: "OutOfArea",
        details: { point: "to", bounds },
      });
    });

    test("the body of an Unreachable error carries its type and details", async () => {
      const { status, body } = await post({ from: centre, to: airport, avoid: ["tolls"] });
      expect(status).toBe("404");
      expect(body).toEqual({
        code: "not_found",
        message: expect.stringMatching(/avoids tolls/),
        type: "Unreachable",
        details: { avoid: ["tolls"] },
      });
    });
  },
);

describe("RideService's placeMyRide over TCP, switching on PathService's errors", () => {
  const rides = () => {
    const transport = tcpTransport(ride.url);
    transports.push(transport);
    return createRideServiceClient(transport);
  };

  test("gives the rider OffTheMap, NoRoute and NoDriverFree with their details", async () => {
    const client = rides();
    const { sessionId } = await client.login("rider-declared-errors");
    const refusal = async (...args: Parameters<typeof client.placeMyRide>) => {
      const error = await rejection(client.placeMyRide(...args));
      if (!isRideServiceError.placeMyRide(error)) throw error;
      return error;
    };

    const offTheMap = await refusal(sessionId, centre, offMap);
    expect(offTheMap.type).toBe("OffTheMap");
    expect(offTheMap.code).toBe("out_of_range");
    expect(offTheMap.details).toEqual({ end: "dropoff", bounds });

    const noRoute = await refusal(sessionId, centre, airport, ["tolls"]);
    expect(noRoute.type).toBe("NoRoute");
    expect(noRoute.details).toEqual({ avoid: ["tolls"] });
    expect(noRoute.message).toMatch(/avoids tolls/);

    // One driver: the first booking holds them, the second finds nobody free.
    const booking = await client.placeMyRide(sessionId, centre, airport);
    const noDriver = await refusal(sessionId, centre, airport);
    expect(noDriver.type).toBe("NoDriverFree");
    expect(noDriver.code).toBe("resource_exhausted");
    expect(noDriver.details).toEqual({ drivers: 1 });
    await client.cancelRide(sessionId, booking.bookingId);
  });
});
