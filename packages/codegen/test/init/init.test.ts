/**
 * `rpcgen init` as a user runs it: the real CLI in a child process creates a project, which
 * then type-checks with tsc and whose server and client (each its own process) exchange calls
 * over TCP. The project resolves `@rpcgen/*` to the workspace's packages through a
 * node_modules of symlinks, as `npm install` would lay them out; installing the packed
 * tarballs is docs/test's job.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  killAllChildServers,
  spawnChildServer,
} from "../../../runtime/test/support/child-server.js";
import { packageName } from "../../src/init/index.js";
import { generatorVersion } from "../../src/version.js";
import { runNode } from "../support/run-node.js";
import { tsc } from "../support/tsc.js";

const repo = fileURLToPath(new URL("../../../../", import.meta.url));
const codegen = join(repo, "packages/codegen");
const nodeFlags = ["--conditions=@rpcgen/source", "--import", "tsx"];
/** Inside the repository (gitignored), so `--import tsx` resolves from the workspace. */
const root = join(codegen, "test/.tmp", `init-${process.pid}-${Date.now().toString(36)}`);
const project = join(root, "hello rpc");

function rpcgen(cwd: string, ...args: string[]) {
  const result = spawnSync(
    process.execPath,
    [...nodeFlags, join(codegen, "src/cli/bin.ts"), ...args],
    { cwd, encoding: "utf8", timeout: 60_000 },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let created: ReturnType<typeof rpcgen>;
// Each test spawns the CLI (or tsc) a few times: on a loaded machine that exceeds the default 30 s.
const slow = { timeout: 120_000 };

beforeAll(() => {
  mkdirSync(root, { recursive: true });
  created = rpcgen(root, "init", "hello rpc");
}, slow.timeout);

afterAll(async () => {
  // The starter's server does not watch its stdin as test fixtures do: never leave one behind.
  await killAllChildServers();
  rmSync(root, { recursive: true, force: true });
});

describe("rpcgen init <dir>", slow, () => {
  test("creates the project, generated code included, and prints the next steps", () => {
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(created.stdout).toBe(
      [
        "rpcgen: created hello-rpc in hello rpc/",
        "  .gitignore",
        "  README.md",
        "  package.json",
        "  services/greeter.ts",
        "  src/client.ts",
        "  src/gen/greeter.schema.json",
        "  src/gen/greeter.ts",
        "  src/server.ts",
        "  tsconfig.json",
        "",
        "Next steps:",
        "  cd 'hello rpc'",
        "  npm install",
        "  npm run server      # in one terminal",
        "  npm run client      # in another",
        "",
      ].join("\n"),
    );
    expect(readFileSync(join(project, "src/gen/greeter.ts"), "utf8")).toContain(
      "export const GreeterDef",
    );
  });

  test("package.json depends on this rpcgen's version of its packages and has the scripts", () => {
    const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    const range = `^${generatorVersion}`;
    expect(pkg).toMatchObject({
      name: "hello-rpc",
      type: "module",
      dependencies: { "@rpcgen/runtime": range, "@rpcgen/transport-tcp": range },
      devDependencies: { "@rpcgen/codegen": range },
    });
    expect(Object.keys(pkg.devDependencies).sort()).toEqual([
      "@rpcgen/codegen",
      "@types/node",
      "tsx",
      "typescript",
    ]);
    expect(Object.keys(pkg.scripts)).toEqual(["generate", "typecheck", "server", "client"]);
    expect(pkg.scripts.generate).toBe("rpcgen generate services/greeter.ts --out src/gen");
    // The TypeScript rpcgen analyzes with, so the project compiles what rpcgen accepted.
    const codegenPkg = JSON.parse(readFileSync(join(codegen, "package.json"), "utf8"));
    expect(pkg.devDependencies.typescript).toBe(codegenPkg.dependencies.typescript);
  });

  test("the generated code is what `npm run generate` would write", () => {
    const check = rpcgen(project, "generate", "services/greeter.ts", "--out", "src/gen", "--check");
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);
  });

  test("type-checks with tsc", () => {
    const links = join(project, "node_modules/@rpcgen");
    mkdirSync(links, { recursive: true });
    for (const name of ["runtime", "transport-tcp"]) {
      symlinkSync(join(repo, "packages", name), join(links, name), "dir");
    }
    const run = tsc(project);
    expect(run.output).toBe("");
    expect(run.code).toBe(0);
  });

  test("its server and client exchange both calls over TCP, and the server drains on SIGTERM", async () => {
    const server = await spawnChildServer("src/server.ts", ["0"], { cwd: project });
    try {
      const port = new URL(server.url).port;
      const client = await runNode([...nodeFlags, "src/client.ts", port], project);
      expect(client.stderr).toBe("");
      expect(client.stdout).toBe("Hello, Ada!\nHello #1, Ada!\nHello #2, Ada!\n");
      expect(client.code).toBe(0);
    } finally {
      expect(await server.kill("SIGTERM")).toEqual({ code: 0, signal: null });
    }
  });
});

describe("rpcgen init never overwrites", slow, () => {
  test("a directory with files in it is refused, naming it, and left as it was", () => {
    const dir = join(root, "busy");
    mkdirSync(dir);
    writeFileSync(join(dir, "package.json"), "{}\n");
    const run = rpcgen(root, "init", "busy");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "rpcgen: busy is not empty (package.json); rpcgen init writes a new project into a new or empty directory, and never overwrites a file\n",
    );
    expect(readdirSync(dir)).toEqual(["package.json"]);
    expect(readFileSync(join(dir, "package.json"), "utf8")).toBe("{}\n");
  });

  test("a directory holding only .git is fine", () => {
    const dir = join(root, "fresh-repo");
    mkdirSync(join(dir, ".git"), { recursive: true });
    const run = rpcgen(dir, "init", ".");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("rpcgen: created fresh-repo in ./");
    expect(run.stdout).not.toContain("cd ");
    expect(existsSync(join(dir, "src/server.ts"))).toBe(true);
  });

  test("a file in place of the directory is refused", () => {
    writeFileSync(join(root, "a-file"), "");
    const run = rpcgen(root, "init", "a-file");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("rpcgen: a-file is a file, not a directory\n");
  });
});

describe("the starter's templates", () => {
  test("ship in the npm tarball", () => {
    const pkg = JSON.parse(readFileSync(join(codegen, "package.json"), "utf8"));
    expect(pkg.files).toContain("templates");
    // npm never packs a file named .gitignore: the template must be stored under another name.
    expect(existsSync(join(codegen, "templates/init/.gitignore"))).toBe(false);
  });

  test("name the package after the directory, as npm allows", () => {
    expect(packageName("hello rpc")).toBe("hello-rpc");
    expect(packageName("My.App")).toBe("my.app");
    expect(packageName("_private")).toBe("private");
    expect(packageName("Ünïcode ✓")).toBe("n-code");
    expect(packageName("...")).toBe("rpcgen-app");
  });
});
