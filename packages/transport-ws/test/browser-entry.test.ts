import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createServer } from "@rpcgen/runtime";
import { expect, test } from "vitest";
import { TestService, testServiceImpl } from "../../runtime/test/fixtures/echo-service.js";
import { listenWs } from "../src/node.js";

const src = fileURLToPath(new URL("../src/", import.meta.url));

/** Every module the file reaches through relative imports, and every bare import it makes. */
function importGraph(entry: string): { files: string[]; external: Set<string> } {
  const files: string[] = [];
  const external = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.includes(file)) continue;
    files.push(file);
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/(?:import|export)[^"']*?from\s+["']([^"']+)["']/g)) {
      const specifier = match[1]!;
      if (specifier.startsWith(".")) {
        queue.push(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
      } else {
        external.add(specifier);
      }
    }
  }
  return { files, external };
}

/** Runs node with `args` without blocking the event loop the test's server runs on. */
function runNode(
  args: readonly string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      stderr += text;
    });
    child.once("close", (status) => resolveRun({ status, stdout, stderr }));
  });
}

test("the main entry reaches neither ws nor node: modules, so bundlers can ship it to browsers", () => {
  const { files, external } = importGraph(join(src, "index.ts"));
  expect(files.length).toBeGreaterThan(3);
  expect([...external].sort()).toEqual(["@rpcgen/runtime"]);
  // And the Node entry does reach ws, so the check above means something.
  expect(importGraph(join(src, "node.ts")).external).toContain("ws");
});

test("the main entry on a WHATWG WebSocket (Node's built-in, as in browsers) carries every call kind", async () => {
  const server = createServer().add(TestService, testServiceImpl);
  const listener = await listenWs(server, { path: "/rpc" });
  try {
    const child = await runNode([
      "--experimental-websocket",
      "--no-warnings",
      "--conditions=@rpcgen/source",
      "--import",
      "tsx",
      fileURLToPath(new URL("./fixtures/whatwg-client.ts", import.meta.url)),
      listener.url,
    ]);
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({
      echo: { x: 1, y: 2 },
      bytes: 3,
      sum: 99 * 50 + 100,
      counted: [0, 1, 2, 3, 4],
      pongs: ["pong:a", "pong:b"],
      oversized: "resource_exhausted",
    });
  } finally {
    await listener.close();
  }
}, 30_000);
