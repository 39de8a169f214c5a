import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { needs } from "../../packages/runtime/test/support/external.js";
import { DocShell, newUserEnv } from "./support/doc-shell.js";
import { type DocStep, docSteps } from "./support/doc-steps.js";

// A new user, end to end: docs/getting-started.md is followed exactly as written, from packing
// the workspace's packages to npm installing the tarballs into an empty project outside the
// workspace (no links, no tools of the repository), generating, compiling with tsc --strict,
// and calling a real server process from real client processes over TCP and HTTP.
const repo = resolve(import.meta.dirname, "../..");
const docFile = "docs/getting-started.md";
const steps = docSteps(readFileSync(join(repo, docFile), "utf8"));
const home = mkdtempSync(join(tmpdir(), "rpcgen-new-user-"));
const shell = new DocShell({ cwd: repo, home, env: newUserEnv(home) });
const started = performance.now();
const timings: string[] = [];
let failedAt: string | undefined;

afterAll(async () => {
  await shell.stop();
  rmSync(home, { recursive: true, force: true });
  console.log(`new user (${docFile}):\n  ${timings.join("\n  ")}`);
});

describe.runIf(await needs("curl", "getting-started walkthrough"))(
  `${docFile}, followed by a new user`,
  () => {
    it("has steps to follow", () => {
      expect(steps.filter((s) => s.kind === "run").length).toBeGreaterThan(3);
      expect(steps.filter((s) => s.kind === "file").length).toBeGreaterThan(2);
    });

    for (const step of steps) {
      it(describeStep(step), { timeout: 300_000 }, async () => {
        if (failedAt !== undefined) throw new Error(`not run: the step at ${failedAt} failed`);
        try {
          await follow(step);
        } catch (error) {
          failedAt = `${docFile}:${step.line}`;
          throw error;
        }
      });
    }

    it("stops the server with Ctrl-C and it exits cleanly", async () => {
      expect(await shell.stop()).toEqual(
        steps.filter((s) => s.kind === "run" && s.server).map(() => 0),
      );
    });
  },
);

async function follow(step: DocStep): Promise<void> {
  if (step.kind === "file") {
    shell.write(step.path, step.content);
    return;
  }
  const t0 = performance.now();
  const output = step.server
    ? await shell.startServer(step.script)
    : (await shell.run(step.script)).stdout;
  const took = ((performance.now() - t0) / 1000).toFixed(1);
  const elapsed = ((performance.now() - started) / 1000).toFixed(1);
  timings.push(`line ${step.line}: ${took} s (at ${elapsed} s): ${firstLine(step.script)}`);
  if (step.script.includes("pack --pack-destination")) timings.push(tarballSizes());
  if (step.expected !== undefined) expect(output.trim()).toBe(step.expected.trim());
}

function describeStep(step: DocStep): string {
  const what = step.kind === "file" ? `writes ${step.path}` : `runs ${firstLine(step.script)}`;
  return `line ${step.line}: ${what}`;
}

function firstLine(script: string): string {
  const line = script.split("\n")[0] ?? "";
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

function tarballSizes(): string {
  const dir = join(home, "rpcgen-packs");
  const sizes = readdirSync(dir)
    .sort()
    .map((name) => `${name} ${(statSync(join(dir, name)).size / 1024).toFixed(0)} KiB`);
  return `tarballs: ${sizes.join(", ")}`;
}
