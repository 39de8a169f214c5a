/**
 * Regenerates docs/place-my-ride.png, the booked ride the example's README shows, and prints
 * what the page costs: its load time, the map's frame time and the bundle's size.
 *   node --conditions=@rpcgen/source --import tsx examples/place-my-ride/scripts/screenshot.ts
 * Runs `pnpm app` (in-process state, so the picture is the same on every machine) and Debian's
 * chromium (RPCGEN_TEST_CHROMIUM for another).
 */
import { gzipSync } from "node:zlib";
import { startApp } from "../test/app/app-process.js";
import { launchBrowser } from "../test/app/browser.js";

const out = new URL("../../../docs/place-my-ride.png", import.meta.url);
const app = await startApp(["--drivers", "12", "--step-ms", "800", "--redis", ""]);
const browser = await launchBrowser();
try {
  const sizes: string[] = [];
  let total = 0;
  let gzipped = 0;
  for (const path of ["", "app.js", "style.css", "map.json", "roads.bin"]) {
    const body = new Uint8Array(await (await fetch(new URL(path, app.url))).arrayBuffer());
    const packed = gzipSync(body).byteLength;
    sizes.push(`${path || "index.html"} ${kib(body.byteLength)} (${kib(packed)} gzipped)`);
    total += body.byteLength;
    gzipped += packed;
  }

  const rider = await browser.open(app.url);
  const { page } = rider;
  const metrics = await rider.metrics(30);
  const home = { lat: 48.8566, lon: 2.3522 };
  const office = { lat: 48.875, lon: 2.38 };
  // Zoom in on the trip as a rider would, with the wheel.
  const middle = await page.evaluate(
    (p) => (globalThis as unknown as PageHooks).placeMyRide.pagePoint(p),
    { lat: (home.lat + office.lat) / 2, lon: (home.lon + office.lon) / 2 },
  );
  await page.mouse.move(middle.x, middle.y);
  await page.mouse.wheel(0, -700);
  await rider.click(home);
  await rider.click(office);
  await page.locator("#alternatives polyline").nth(1).waitFor({ state: "attached" });
  await page.locator("#book").click();
  await page.locator('#updates li[data-kind="progress"]').first().waitFor();
  await page.screenshot({ path: out.pathname });
  if (rider.errors.length > 0) throw new Error(`the page reported:\n${rider.errors.join("\n")}`);

  const sorted = [...metrics.fullViewMs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const worst = sorted.at(-1)!;
  console.log(`wrote ${out.pathname}`);
  console.log(`page load (navigation to first map frame): ${Math.round(metrics.loadMs)} ms`);
  console.log(
    `map frame, whole city in view (${sorted.length} frames): median ${median.toFixed(1)} ms, worst ${worst.toFixed(1)} ms`,
  );
  console.log(`downloads: ${sizes.join(", ")}; total ${kib(total)} (${kib(gzipped)} gzipped)`);
} finally {
  await browser.close();
  await app.stop();
}

/** The page's hook used here (src/web/main.ts). */
interface PageHooks {
  placeMyRide: { pagePoint(point: { lat: number; lon: number }): { x: number; y: number } };
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
