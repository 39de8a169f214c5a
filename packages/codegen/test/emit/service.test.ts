import {
  type ClientOptions,
  type ClientTransport,
  type CodecName,
  createClientSession,
  createMemoryChannelPair,
  createServer,
  type HandlersOf,
  RpcCode,
  RpcError,
  type ServiceDescriptor,
} from "@rpcgen/runtime";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { InventoryService, Item } from "../fixtures/ir-handwritten/inventory.idl.js";
import { inventorySchema } from "../fixtures/ir-handwritten/inventory.ir.js";
import type { Profile, ProfileService } from "../fixtures/ir-handwritten/profile.idl.js";
import { Color, Level } from "../fixtures/ir-handwritten/profile.idl.js";
import { profileSchema } from "../fixtures/ir-handwritten/profile.ir.js";
import { loadGenerated } from "./support.js";

let inventoryModule: Record<string, unknown>;
let profileModule: Record<string, unknown>;
beforeAll(async () => {
  inventoryModule = await loadGenerated(inventorySchema, "service-inventory", "inventory.idl.ts");
  profileModule = await loadGenerated(profileSchema, "service-profile", "profile.idl.ts");
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Serves `implementation` over an in-memory channel and returns a generated client for it. */
async function connect<S>(
  module: Record<string, unknown>,
  service: string,
  implementation: HandlersOf<S>,
  codec: CodecName,
): Promise<S> {
  const def = module[`${service}Def`] as ServiceDescriptor<S>;
  const server = createServer({ onHandlerError: () => {} }).add(def, implementation);
  const [clientEnd, serverEnd] = createMemoryChannelPair();
  server.serve(serverEnd);
  const session = createClientSession(clientEnd, { codec });
  await session.ready;
  cleanups.push(async () => {
    await session.close();
    await server.close({ graceMs: 10 });
  });
  const create = module[`create${service}Client`] as (t: ClientTransport, o?: ClientOptions) => S;
  return create(session);
}

const day = new Date("2024-01-02T03:04:05.000Z");
const item: Item = { sku: "A-1", added: day };

const profile: Profile = {
  name: "Ada",
  email: "ada@example.com",
  handle: "ada",
  age: 36,
  id: "123e4567-e89b-12d3-a456-426614174000",
  born: day,
  balance: 2n ** 62n,
  avatar: new Uint8Array([1, 2, 3]),
  color: Color.Green,
  level: Level.High,
  plan: "free",
  active: false,
  note: "hi",
  "display-name": "Ada",
  // An own `constructor` (TypeScript wants it here: an object literal's \`constructor\` is Function).
  constructor: "maker",
  meta: { any: ["thing"] },
};

function withoutAvatar(value: Profile): Omit<Profile, "avatar"> {
  const { avatar: _, ...rest } = value;
  return rest;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of items) out.push(value);
  return out;
}

async function* from<T>(...values: T[]): AsyncIterable<T> {
  yield* values;
}

describe.each(["json", "msgpack"] as const)("generated services over the %s codec", (codec) => {
  const inventory: HandlersOf<InventoryService> = {
    put: (value) => value,
    tally: (counts, seen) =>
      new Set([...counts.keys(), ...[...seen].map((date) => date.toISOString())]),
    upload: async (chunks) => (await collect(chunks)).reduce((sum, chunk) => sum + chunk.length, 0),
    async *sync(changes) {
      for await (const change of changes) {
        for (const [key, value] of change) yield [key, value.sku === "gone" ? undefined : value];
      }
    },
  };

  it("carry Maps, Sets, Dates and undefined in arrays both ways", async () => {
    const client = await connect(inventoryModule, "InventoryService", inventory, codec);
    const value = {
      items: new Map([["a", item]]),
      tags: new Set(["x"]),
      history: new Map([[1, new Set<"in" | "out">(["in"])]]),
      scores: [1, undefined],
      point: [1, 2] as [number, number],
      range: ["r"] as [string],
      edges: [day] as [Date],
      labels: {},
      counts: { 7: day },
      extra: { note: "n", more: 1 },
      nested: { when: day, groups: [new Set([1])] },
    };
    expect(await client.put(value)).toEqual(value);
  });

  it("spread several parameters and stream both ways", async () => {
    const client = await connect(inventoryModule, "InventoryService", inventory, codec);
    expect(await client.tally(new Map([["a", 1]]), new Set([day]))).toEqual(
      new Set(["a", day.toISOString()]),
    );
    expect(await client.upload(from(new Uint8Array(2), new Uint8Array(3)))).toBe(5);
    const changes = from(new Map([["a", item]]), new Map([["b", { sku: "gone", added: day }]]));
    expect(await collect(client.sync(changes))).toEqual([
      ["a", item],
      ["b", undefined],
    ]);
  });

  const profiles: HandlersOf<ProfileService> = {
    save: (value) => value,
    ping: () => undefined,
    rename: (id, name) => `${id}:${name ?? "-"}`,
    async *count(n) {
      for (let i = 1; i <= n; i++) yield BigInt(i) * 2n ** 60n;
    },
  };

  it("carry dates, bigints and bytes, void results and optional parameters", async () => {
    const client = await connect(profileModule, "ProfileService", profiles, codec);
    const { avatar, ...rest } = await client.save(profile);
    expect(rest).toEqual(withoutAvatar(profile));
    // msgpackr hands bytes back as a Buffer, a Uint8Array subclass: compare the bytes.
    expect(avatar).toBeInstanceOf(Uint8Array);
    expect([...avatar]).toEqual([1, 2, 3]);
    expect(await client.ping()).toBeUndefined();
    expect(await client.rename("a")).toBe("a:-");
    expect(await client.rename("a", "b")).toBe("a:b");
    expect(await collect(client.count(2))).toEqual([2n ** 60n, 2n ** 61n]);
  });

  it("refuse a bad request on the server with the path", async () => {
    const client = await connect(profileModule, "ProfileService", profiles, codec);
    const bad = { ...profile, age: "old" } as unknown as Profile;
    const error = await client.save(bad).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(RpcCode.InvalidArgument);
    expect((error as RpcError).message).toBe("profile.age: expected number, got string");
  });

  it("check responses on the client", async () => {
    const broken: HandlersOf<ProfileService> = {
      ...profiles,
      save: (value) => ({ ...value, level: 7 as Level }),
    };
    const client = await connect(profileModule, "ProfileService", broken, codec);
    const error = await client.save(profile).catch((reason: unknown) => reason);
    expect((error as RpcError).code).toBe(RpcCode.Internal);
    expect((error as RpcError).message).toBe(
      "response failed validation: response.level: expected 0 | 1, got 7",
    );
  });
});
