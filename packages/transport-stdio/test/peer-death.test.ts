import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { nodeArgs, packageDir } from "./fixtures/spawn-fixture.js";

const parentFixture = fileURLToPath(new URL("./fixtures/hang-parent.ts", import.meta.url));

/** The lines of `file` once it has `count` of them; checked as the file grows. */
async function linesOf(file: string, count: number): Promise<string[]> {
  for (;;) {
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {}
    const lines = text.split("\n").filter((line) => line !== "");
    if (lines.length >= count) return lines;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

test("a parent killed with SIGKILL aborts every running handler's signal in the child with cancelled", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rpcgen-peer-death-"));
  const record = join(dir, "aborts.txt");
  const parent = spawn(process.execPath, [...nodeArgs, parentFixture, "--record", record], {
    cwd: packageDir,
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      parent.stdout!.setEncoding("utf8").on("data", (text: string) => {
        if (text.includes("ready")) resolve();
      });
      parent.once("exit", (code) => reject(new Error(`parent exited early (code ${code})`)));
    });
    parent.kill("SIGKILL");
    const lines = await linesOf(record, 2);
    expect(lines.map((line) => line.split(" ")[0]).sort()).toEqual(["wait", "watch"]);
    for (const line of lines) expect(line).toMatch(/^\w+ cancelled the client went away: /);
  } finally {
    parent.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});
