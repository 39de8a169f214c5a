/**
 * `pnpm app` without a browser: what it serves on its one origin, the drivers board it streams
 * (over the same HTTP endpoint the page's fetch client uses), and its drain on SIGTERM.
 */
import { httpTransport } from "@rpcgen/transport-http/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DriverBoard } from "../../services/ride.js";
import { createRideServiceClient } from "../../src/gen/ride.js";
import { type AppProcess, startApp } from "./app-process.js";

describe("pnpm app", () => {
  let app: AppProcess;
  beforeAll(async () => {
    app = await startApp(["--drivers", "2", "--step-ms", "20", "--redis", ""]);
  });
  afterAll(async () => {
    await app?.stop("SIGKILL");
  });

  it("serves the page, its bundle, the map and the roads on one origin", async () => {
    const get = (path: string) => fetch(new URL(path, app.url));
    const page = await get("/");
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await page.text()).toContain('<script type="module" src="/app.js">');
    const script = await get("/app.js");
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect((await script.text()).length).toBeGreaterThan(10_000);
    const info = (await (await get("/map.json")).json()) as {
      classes: { name: string; segments: number }[];
    };
    expect(info.classes.map((c) => c.name)).toEqual(["residential", "arterial", "highway"]);
    const roads = await (await get("/roads.bin")).arrayBuffer();
    const segments = info.classes.reduce((n, c) => n + c.segments, 0);
    // Each road once: fewer segments than the graph's directed edges, 16 bytes each.
    expect(roads.byteLength).toBe(segments * 16);
    expect(segments).toBeGreaterThan(50_000);
    expect((await get("/nowhere")).status).toBe(404);
  });

  it("streams the drivers board as drivers are booked and freed", async () => {
    const transport = httpTransport(`${app.url}rpc`);
    const rides = createRideServiceClient(transport);
    try {
      const controller = new AbortController();
      const boards = rides.driverBoard({ signal: controller.signal })[Symbol.asyncIterator]();
      const next = async (): Promise<DriverBoard> => {
        const { value, done } = await boards.next();
        if (done) throw new Error("the board ended");
        return value;
      };
      const first = await next();
      expect(first).toMatchObject({ free: 2, booked: 0 });
      expect(first.drivers.map((d) => d.driverId)).toEqual(["d-000", "d-001"]);
      const { sessionId } = await rides.login("rider-board");
      const centre = { lat: 48.8566, lon: 2.3522 };
      const booking = await rides.placeMyRide(sessionId, centre, { lat: 48.87, lon: 2.37 });
      const booked = await next();
      expect(booked).toMatchObject({ free: 1, booked: 1 });
      expect(booked.drivers.find((d) => d.booked)?.driverId).toBe(booking.driverId);
      for await (const _ of rides.rideUpdates(booking.bookingId));
      expect(await next()).toMatchObject({ free: 2, booked: 0 });
      controller.abort();
    } finally {
      await transport.close();
    }
  });

  it("books around what the rider avoids: the airport, behind a toll motorway, is not_found", async () => {
    const { airport } = (await (await fetch(new URL("/map.json", app.url))).json()) as {
      airport: { lat: number; lon: number };
    };
    const transport = httpTransport(`${app.url}rpc`);
    const rides = createRideServiceClient(transport);
    try {
      const { sessionId } = await rides.login("rider-avoid");
      const centre = { lat: 48.8566, lon: 2.3522 };
      const refused = await rides.placeMyRide(sessionId, centre, airport, ["tolls"]).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toMatchObject({ code: "not_found" });
      expect((refused as Error).message).toMatch(/avoids tolls/);
      const booking = await rides.placeMyRide(sessionId, centre, airport);
      await rides.cancelRide(sessionId, booking.bookingId);
    } finally {
      await transport.close();
    }
  });

  it("drains and exits 0 on SIGTERM", async () => {
    expect(await app.stop("SIGTERM")).toBe(0);
  });
});
