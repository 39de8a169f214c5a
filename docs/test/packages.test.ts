import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { generatorVersion } from "../../packages/codegen/src/version.js";

// What docs/publishing.md promises of every publishable package, checked on the manifests so
// a new package or a version bump cannot forget one of them.
const repo = resolve(import.meta.dirname, "../..");
const folders = readdirSync(join(repo, "packages")).filter((name) =>
  existsSync(join(repo, "packages", name, "package.json")),
);

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  engines?: { node?: string };
  files?: string[];
  scripts?: Record<string, string>;
  exports?: Record<string, Record<string, string>>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const manifests = folders.map((folder) => ({
  folder,
  manifest: JSON.parse(
    readFileSync(join(repo, "packages", folder, "package.json"), "utf8"),
  ) as Manifest,
}));
const rootBuild = JSON.parse(readFileSync(join(repo, "tsconfig.build.json"), "utf8")) as {
  references: { path: string }[];
};

describe("publishable packages", () => {
  it("share one version, which generated files name as the generator's", () => {
    const versions = new Set(manifests.map(({ manifest }) => manifest.version));
    expect([...versions]).toEqual([generatorVersion]);
  });

  for (const { folder, manifest } of manifests) {
    describe(manifest.name, () => {
      const dir = join(repo, "packages", folder);

      it("ships a README, the license and compiled code without build caches", () => {
        expect(existsSync(join(dir, "README.md"))).toBe(true);
        expect(existsSync(join(dir, "LICENSE"))).toBe(true);
        expect(manifest.license).toBe("MIT");
        expect(manifest.private).toBeUndefined();
        expect(manifest.files).toContain("dist");
        expect(manifest.files).toContain("!dist/**/*.tsbuildinfo");
      });

      it("builds itself when packed and on the workspace's install", () => {
        expect(manifest.scripts?.prepack).toBe("tsc -b");
        expect(rootBuild.references.map((r) => r.path)).toContain(`packages/${folder}`);
      });

      it("declares its Node range and types for every entry point", () => {
        expect(manifest.engines?.node).toBe(">=20");
        for (const [entry, conditions] of Object.entries(manifest.exports ?? {})) {
          expect(conditions.types, entry).toMatch(/^\.\/dist\/.*\.d\.ts$/);
          expect(conditions.default, entry).toMatch(/^\.\/dist\/.*\.js$/);
        }
      });

      it("takes the runtime as a peer, so an application has one RpcError", () => {
        expect(manifest.dependencies?.["@rpcgen/runtime"]).toBeUndefined();
        if (manifest.name !== "@rpcgen/runtime") {
          expect(manifest.peerDependencies?.["@rpcgen/runtime"]).toBe("workspace:^");
        }
      });
    });
  }
});
