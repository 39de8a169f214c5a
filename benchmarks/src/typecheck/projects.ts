/**
 * The two projects the type-check section compiles, as source text: the same `n`-method
 * service written the rpcgen way and the tRPC way, each with its server-side handlers and a
 * client that calls a few methods. Every method has its own request type (five fields: a
 * string, a number, an optional string array, a nested object, a two-value enum) and reply
 * type, so neither side gets to share one inferred shape across all methods.
 */

/** Methods the client files call: the first, one in the middle, the last. */
function called(n: number): number[] {
  return [...new Set([0, n >> 1, n - 1])];
}

/** tsconfig.json for both: strict, Node ESM, libraries' .d.ts not checked (as most projects). */
export const tsconfig = `${JSON.stringify(
  {
    compilerOptions: {
      target: "es2022",
      lib: ["es2023"],
      module: "nodenext",
      moduleResolution: "nodenext",
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
    },
    include: ["*.ts"],
  },
  null,
  2,
)}\n`;

export const packageJson = `${JSON.stringify({ type: "module", private: true }, null, 2)}\n`;

/** rpcgen's IDL: plain interfaces, the input of `generate()`. */
export function rpcgenIdl(n: number): string {
  const lines = ["export interface LatLon {", "  lat: number;", "  lon: number;", "}", ""];
  for (let i = 0; i < n; i++) {
    lines.push(
      `export interface Item${i}Request {`,
      "  id: string;",
      "  count: number;",
      "  tags?: string[];",
      "  at: LatLon;",
      `  mode: "fast" | "slow";`,
      "}",
      "",
      `export interface Item${i}Reply {`,
      "  ok: boolean;",
      "  value: number;",
      "  items: string[];",
      "}",
      "",
    );
  }
  lines.push("export interface BigService {");
  for (let i = 0; i < n; i++) {
    lines.push(`  method${i}(req: Item${i}Request): Promise<Item${i}Reply>;`);
  }
  lines.push("}", "");
  return lines.join("\n");
}

/** Handlers typed by the generated `BigServiceHandlers`: what the tRPC router's resolvers do. */
export function rpcgenHandlers(n: number): string {
  const lines = [
    'import type { BigServiceHandlers } from "./gen/big.js";',
    "",
    "export const handlers: BigServiceHandlers = {",
  ];
  for (let i = 0; i < n; i++) {
    lines.push(
      `  method${i}: (req) => ({ ok: true, value: req.count + ${i}, items: req.tags ?? [] }),`,
    );
  }
  lines.push("};", "");
  return lines.join("\n");
}

export function rpcgenClient(n: number): string {
  const lines = [
    'import type { ClientTransport } from "@rpcgen/runtime";',
    'import { createBigServiceClient } from "./gen/big.js";',
    "",
    "export async function callSome(transport: ClientTransport): Promise<number> {",
    "  const client = createBigServiceClient(transport);",
    "  let total = 0;",
  ];
  for (const i of called(n)) {
    lines.push(
      `  const r${i} = await client.method${i}({ id: "a", count: ${i}, at: { lat: 1, lon: 2 }, mode: "fast" });`,
      `  total += r${i}.value + r${i}.items.length;`,
    );
  }
  lines.push("  return total;", "}", "");
  return lines.join("\n");
}

/** A tRPC v11 router: a zod input per procedure, queries and mutations alternating. */
export function trpcRouter(n: number): string {
  const lines = [
    'import { initTRPC } from "@trpc/server";',
    'import { z } from "zod";',
    "",
    "const t = initTRPC.create();",
    "const latLon = z.object({ lat: z.number(), lon: z.number() });",
    "",
    "export const appRouter = t.router({",
  ];
  for (let i = 0; i < n; i++) {
    lines.push(
      `  method${i}: t.procedure`,
      "    .input(",
      "      z.object({",
      "        id: z.string(),",
      "        count: z.number(),",
      "        tags: z.array(z.string()).optional(),",
      "        at: latLon,",
      `        mode: z.enum(["fast", "slow"]),`,
      "      }),",
      "    )",
      `    .${i % 2 === 0 ? "query" : "mutation"}(({ input }) => ({ ok: true, value: input.count + ${i}, items: input.tags ?? [] })),`,
    );
  }
  lines.push("});", "", "export type AppRouter = typeof appRouter;", "");
  return lines.join("\n");
}

export function trpcClient(n: number): string {
  const lines = [
    'import { createTRPCClient, httpBatchLink } from "@trpc/client";',
    'import type { AppRouter } from "./router.js";',
    "",
    "export async function callSome(url: string): Promise<number> {",
    "  const client = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url })] });",
    "  let total = 0;",
  ];
  for (const i of called(n)) {
    lines.push(
      `  const r${i} = await client.method${i}.${i % 2 === 0 ? "query" : "mutate"}({ id: "a", count: ${i}, at: { lat: 1, lon: 2 }, mode: "fast" });`,
      `  total += r${i}.value + r${i}.items.length;`,
    );
  }
  lines.push("  return total;", "}", "");
  return lines.join("\n");
}
