import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { chromiumFlags, chromiumPath, needs } from "../../runtime/test/support/external.js";
import { type PageServer, servePage } from "./browser/serve-page.js";

const chromiumHere = await needs("chromium", "browser tests");

type Scenario = "unary" | "serverStream" | "bidi" | "error" | "cancel";
const transports = ["http-json", "http-msgpack", "ws"] as const;

describe.runIf(chromiumHere)("the generated client in a real browser (Chromium)", () => {
  let server: PageServer;
  let browser: BrowserContext;
  let page: Page;
  let profile: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await servePage();
    profile = mkdtempSync(join(tmpdir(), "rpcgen-chromium-"));
    // A fresh profile directory per run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      args: [...chromiumFlags],
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(server.url);
    // Generous: on a loaded two-core machine Chromium's first page can take tens of seconds.
    await page.waitForFunction(() => document.title === "ready", undefined, { timeout: 45_000 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  /** Runs one of the page's scenarios in the browser and returns its plain-data result. */
  const run = (scenario: Scenario, via: (typeof transports)[number]): Promise<unknown> =>
    page.evaluate(([s, v]): Promise<unknown> => window.rpcgen[s as Scenario](v as never), [
      scenario,
      via,
    ] as const);

  for (const via of transports) {
    describe(`over ${via}`, () => {
      it("makes a unary call", async () => {
        expect(await run("unary", via)).toEqual(["paris-0", "paris-1", "paris-2"]);
      });

      it("reads a server stream to its end, dates decoded", async () => {
        const ticks = await run("serverStream", via);
        expect(ticks).toEqual(
          Array.from({ length: 5 }, (_, i) => ({
            at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
            value: i,
          })),
        );
      });

      it("receives the handler's error code and message", async () => {
        expect(await run("error", via)).toEqual({
          code: "not_found",
          message: "no place called nowhere",
        });
      });

      it("cancels a stream and the server handler sees cancelled", async () => {
        const before = server.aborts.length;
        const outcome = await run("cancel", via);
        expect(outcome).toMatchObject({ first: 0, code: "cancelled" });
        await vi.waitFor(() => expect(server.aborts.length).toBe(before + 1), { timeout: 5000 });
        expect(server.aborts.at(-1)).toBe("cancelled");
      });
    });
  }

  it("runs a bidi call over WebSocket", async () => {
    expect(await run("bidi", "ws")).toEqual({
      replies: ["echo:hello", "echo:from", "echo:chromium"],
    });
  });

  it("refuses a bidi call over plain HTTP as unimplemented, naming WebSocket", async () => {
    const outcome = (await run("bidi", "http-json")) as {
      error?: { code: string; message: string };
    };
    expect(outcome.error?.code).toBe("unimplemented");
    expect(outcome.error?.message).toContain("WebSocket");
  });

  it("raised no uncaught errors in the page", () => {
    expect(pageErrors).toEqual([]);
  });
});
