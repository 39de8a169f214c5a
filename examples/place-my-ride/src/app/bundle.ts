/**
 * The page, built at start-up: esbuild bundles src/web/main.ts (the generated clients and the
 * runtime included) for browsers; the HTML and CSS are served as written.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** The files the page is made of, by URL path, with their content types. */
export type PageAssets = ReadonlyMap<string, { readonly type: string; readonly body: Uint8Array }>;

const web = (file: string) => fileURLToPath(new URL(`../web/${file}`, import.meta.url));

/** Bundles and reads the page; rejects with esbuild's messages if the page does not build. */
export async function buildPage(): Promise<PageAssets> {
  const [script, html, css] = await Promise.all([
    build({
      entryPoints: [web("main.ts")],
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      // Workspace packages from their TypeScript sources, as everywhere in the example.
      conditions: ["@rpcgen/source"],
      minify: true,
      write: false,
      logLevel: "silent",
    }),
    readFile(web("index.html")),
    readFile(web("style.css")),
  ]);
  const utf8 = (type: string) => `${type}; charset=utf-8`;
  return new Map([
    ["/", { type: utf8("text/html"), body: html }],
    ["/app.js", { type: utf8("text/javascript"), body: script.outputFiles[0]!.contents }],
    ["/style.css", { type: utf8("text/css"), body: css }],
  ]);
}
