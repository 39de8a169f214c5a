import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { emit } from "../../src/emit/index.js";
import type { Schema } from "../../src/ir/schema.js";
import { edgeSchema } from "../fixtures/ir-handwritten/edge.ir.js";
import { inventorySchema } from "../fixtures/ir-handwritten/inventory.ir.js";
import { pathSchema } from "../fixtures/ir-handwritten/path.ir.js";
import { profileSchema } from "../fixtures/ir-handwritten/profile.ir.js";
import { shapesSchema } from "../fixtures/ir-handwritten/shapes.ir.js";
import { fixtures, scratch } from "./support.js";

const dir = join(scratch, "types");
const repo = join(scratch, "..", "..", "..", "..");

/** A consumer of the generated path module: right calls compile, wrong ones are errors. */
const pathConsumer = `
import type { CallContext, ClientTransport } from "@rpcgen/runtime";
import { createPathServiceClient, PathServiceDef, type PathServiceClient, type PathServiceHandlers } from "./path.gen.js";
import type { LatLon, PathRequest, Route } from "./path.idl.js";

declare const transport: ClientTransport;
const client: PathServiceClient = createPathServiceClient(transport, { validateResponses: false });
const request: PathRequest = { from: { lat: 0, lon: 0 }, to: { lat: 1, lon: 1 }, avoid: ["tolls"] };

export async function calls(): Promise<LatLon[]> {
  const route: Route = await client.shortestPath(request, { timeoutMs: 200 });
  for await (const alternative of client.alternatives(request)) route.path.push(...alternative.path);
  // @ts-expect-error a wrong argument
  await client.shortestPath({ from: 1 });
  // @ts-expect-error an unknown option
  await client.shortestPath(request, { timeout: 1 });
  // @ts-expect-error the result is a Route, not a string
  const wrong: string = await client.shortestPath(request);
  // @ts-expect-error a server stream is not a Promise
  await client.alternatives(request).then(() => {});
  // @ts-expect-error no such method
  client.longestPath(request);
  return wrong === "" ? [] : route.path;
}

export const handlers: PathServiceHandlers = {
  shortestPath: (req: PathRequest, ctx: CallContext) => ({
    distanceMeters: req.from.lat + ctx.deadline!,
    etaSeconds: ctx.signal.aborted ? 0 : 1,
    path: [],
  }),
  async *alternatives(req) {
    yield { distanceMeters: req.to.lat, etaSeconds: 1, path: [] };
  },
};

export const wrongResult: PathServiceHandlers = {
  // @ts-expect-error returns the wrong type
  shortestPath: () => ({ distanceMeters: "far" }),
  async *alternatives() {},
};

// @ts-expect-error a method is missing
export const missing: PathServiceHandlers = { shortestPath: async () => ({ distanceMeters: 1, etaSeconds: 1, path: [] }) };

export const wrongParameter: PathServiceHandlers = {
  // @ts-expect-error the parameter is a PathRequest
  shortestPath: (req: string) => ({ distanceMeters: req.length, etaSeconds: 1, path: [] }),
  async *alternatives() {},
};

export const name: string = PathServiceDef.name;
`;

/** A consumer of the inventory module: Maps, Sets, several parameters and streams. */
const inventoryConsumer = `
import type { ClientTransport } from "@rpcgen/runtime";
import { createInventoryServiceClient, type InventoryServiceHandlers } from "./inventory.gen.js";
import type { Item } from "./inventory.idl.js";

declare const transport: ClientTransport;
declare const changes: AsyncIterable<Map<string, Item>>;
const client = createInventoryServiceClient(transport);

export async function calls(): Promise<number> {
  const tags: Set<string> = await client.tally(new Map([["a", 1]]), new Set([new Date()]));
  // @ts-expect-error the second parameter is a Set of dates
  await client.tally(new Map([["a", 1]]), new Set(["x"]));
  for await (const [key, item] of client.sync(changes)) tags.add(key + (item?.sku ?? ""));
  // @ts-expect-error a client stream takes an AsyncIterable
  await client.upload(new Uint8Array(1));
  return tags.size;
}

export const handlers: InventoryServiceHandlers = {
  put: (inventory) => inventory,
  tally: (counts, seen, ctx) => new Set([...counts.keys(), String(seen.size), ctx.peer]),
  upload: async (chunks) => {
    let total = 0;
    for await (const chunk of chunks) total += chunk.byteLength;
    return total;
  },
  async *sync(changes) {
    for await (const change of changes) for (const [key, item] of change) yield [key, item];
  },
};
`;

const modules: [string, Schema][] = [
  ["path", pathSchema],
  ["inventory", inventorySchema],
  ["profile", profileSchema],
  ["shapes", shapesSchema],
  ["edge", edgeSchema],
];

beforeAll(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, schema] of modules) {
    copyFileSync(join(fixtures, `${name}.idl.ts`), join(dir, `${name}.idl.ts`));
    writeFileSync(join(dir, `${name}.gen.ts`), emit(schema, { generatorVersion: "0.0.0-test" }));
  }
  writeFileSync(join(dir, "path.consumer.ts"), pathConsumer);
  writeFileSync(join(dir, "inventory.consumer.ts"), inventoryConsumer);
  const compilerOptions = { noEmit: true, composite: false, incremental: false };
  const tsconfig = {
    extends: "../../../../../tsconfig.base.json",
    compilerOptions,
    include: ["."],
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
});

describe("generated types", () => {
  it("compile under strict, noUncheckedIndexedAccess and exactOptionalPropertyTypes, and catch wrong calls and handlers", () => {
    const tsc = join(repo, "node_modules", ".bin", "tsc");
    let output = "";
    try {
      execFileSync(tsc, ["-p", dir], { cwd: repo, encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      output = String((error as { stdout?: unknown }).stdout);
    }
    // An unused @ts-expect-error is an error too, so a clean run proves each wrong line fails.
    expect(output).toBe("");
  });
});
