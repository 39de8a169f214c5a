/**
 * The browser side of the app's tests: Debian's chromium through playwright-core, pages that
 * record their errors, and the clicks a rider makes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { chromiumFlags, chromiumPath } from "../../../../packages/runtime/test/support/external.js";
import type { LatLon } from "../../services/geo.js";

/** The page's hooks (src/web/main.ts), as far as the tests use them. */
interface Hooks {
  placeMyRide: {
    info: {
      bbox: { minLat: number; maxLat: number; minLon: number; maxLon: number };
      airport: LatLon;
    };
    metrics: { loadMs: number; frameMs: number[] };
    pagePoint(point: LatLon): { x: number; y: number };
    measureFullView(times: number): number[];
  };
}

/** A page of the app and what went wrong in it. */
export interface AppPage {
  readonly page: Page;
  /** Uncaught errors and console errors, in order. */
  readonly errors: string[];
  /** Clicks the map at `point`. */
  click(point: LatLon): Promise<void>;
  /** The map's bounding box and the airport, as the page got them. */
  info(): Promise<Hooks["placeMyRide"]["info"]>;
  /** Load time, frame times; `fullView` more frames of the whole city measured first. */
  metrics(fullView?: number): Promise<{ loadMs: number; frameMs: number[]; fullViewMs: number[] }>;
}

/** One Chromium for a test file, with a fresh profile. */
export interface Browser {
  open(url: string): Promise<AppPage>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "pmr-chromium-"));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    args: [...chromiumFlags],
    viewport: { width: 1280, height: 800 },
  });
  return {
    async open(url) {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(`console error: ${message.text()}`);
      });
      await page.goto(url);
      // Generous: on a loaded two-core machine Chromium's first page can take tens of seconds.
      await page.locator("body[data-state=ready]").waitFor({ timeout: 45_000 });
      return {
        page,
        errors,
        async click(point) {
          const at = await page.evaluate(
            (p) => (globalThis as unknown as Hooks).placeMyRide.pagePoint(p),
            point,
          );
          await page.mouse.click(at.x, at.y);
        },
        info: () => page.evaluate(() => (globalThis as unknown as Hooks).placeMyRide.info),
        metrics: (fullView = 0) =>
          page.evaluate((n) => {
            const hooks = (globalThis as unknown as Hooks).placeMyRide;
            const fullViewMs = hooks.measureFullView(n);
            return { loadMs: hooks.metrics.loadMs, frameMs: hooks.metrics.frameMs, fullViewMs };
          }, fullView),
      };
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Takes out of `errors` the lines Chromium logs for answers it was told to expect (an HTTP
 * error status the RpcError maps to, a WebSocket refused while the server is down) and
 * returns them; what stays behind fails the test.
 */
export function takeExpected(errors: string[], pattern: RegExp): string[] {
  const taken = errors.filter((e) => pattern.test(e));
  const kept = errors.filter((e) => !pattern.test(e));
  errors.splice(0, errors.length, ...kept);
  return taken;
}
