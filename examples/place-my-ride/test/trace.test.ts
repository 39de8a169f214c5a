import { expect, test } from "vitest";
import { redisUrl } from "../../../packages/runtime/test/support/external.js";
import { runDemo } from "./run-demo.js";

/** The trees the demo printed: each a header line and its span lines. */
function traces(stdout: string): { header: string; lines: string[] }[] {
  return stdout
    .split("\n\n")
    .map((block) => block.trim().split("\n"))
    .filter((lines) => /^trace [0-9a-f]{32}: /.test(lines[0]!))
    .map(([header, ...lines]) => ({ header: header!, lines }));
}

// Without Redis the demo runs one ride service with in-process state; the trace is the same.
test.each(["tcp", "stdio"])(
  "with --trace over %s the demo prints a booking's trace across its three processes",
  (transport) => {
    const run = runDemo(
      [
        "--trace",
        "--transport",
        transport,
        "--riders",
        "4",
        "--drivers",
        "2",
        "--follow",
        "0",
        "--redis",
        redisUrl,
      ],
      60_000,
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^placeMyRide: booked 2 of 4 requests, 0 double-bookings/m);

    const [booked, refused] = traces(run.stdout);
    expect(booked?.header).toMatch(/^trace [0-9a-f]{32}: 5 spans in 3 processes$/);
    const ms = String.raw` +\d+\.\d ms  `;
    const lines = [
      new RegExp(String.raw`^rider-\d+ books a ride${ms}demo\[(\d+)\] +ok$`),
      new RegExp(String.raw`^└─ RideService/placeMyRide +client${ms}demo\[(\d+)\] +ok$`),
      new RegExp(String.raw`^   └─ RideService/placeMyRide +server${ms}ride-service\[(\d+)\] +ok$`),
      new RegExp(
        String.raw`^      └─ PathService/shortestPath +client${ms}ride-service\[(\d+)\] +ok$`,
      ),
      new RegExp(
        String.raw`^         └─ PathService/shortestPath +server${ms}path-service\[(\d+)\] +ok$`,
      ),
    ];
    expect(booked?.lines).toHaveLength(lines.length);
    const pids = booked!.lines.map((line, i) => {
      expect(line).toMatch(lines[i]!);
      return lines[i]!.exec(line)![1];
    });
    // The demo's spans come from one process, the ride service's from another.
    expect(pids[0]).toBe(pids[1]);
    expect(pids[2]).toBe(pids[3]);
    expect(new Set(pids).size).toBe(3);

    // A refused booking: the ride service's span records the code, the caller's spans fail.
    expect(refused?.header).toMatch(/^trace [0-9a-f]{32}: 5 spans in 3 processes$/);
    expect(refused?.lines[0]).toMatch(/ error$/);
    expect(refused?.lines[1]).toMatch(/ resource_exhausted: no driver is free: all 2 drivers/);
    expect(refused?.lines[2]).toMatch(/RideService\/placeMyRide +server.* resource_exhausted$/);
    expect(refused?.lines[4]).toMatch(/PathService\/shortestPath +server.* ok$/);
  },
  90_000,
);
