import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { needs } from "../../../../packages/runtime/test/support/external.js";
import { type AppProcess, startApp } from "./app-process.js";
import { type AppPage, type Browser, launchBrowser, takeExpected } from "./browser.js";

const chromiumHere = await needs("chromium", "placeMyRide browser tests");

const home = { lat: 48.8566, lon: 2.3522 };
const office = { lat: 48.875, lon: 2.38 };
/** Chromium's console line for a fetch answered with an HTTP error status. */
const httpStatus = (status: number) =>
  new RegExp(`Failed to load resource: the server responded with a status of ${status}\\b`);

describe.runIf(chromiumHere)("placeMyRide in Chromium", () => {
  /** Two drivers, rides of ten quick steps. */
  let twoDrivers: AppProcess;
  /** One driver and slow rides, so a booked driver stays booked while the test looks. */
  let oneDriver: AppProcess;
  let browser: Browser;
  const pages: AppPage[] = [];
  const open = async (app: AppProcess) => {
    const page = await browser.open(app.url);
    pages.push(page);
    return page;
  };

  beforeAll(async () => {
    [twoDrivers, oneDriver, browser] = await Promise.all([
      startApp(["--drivers", "2", "--step-ms", "400"]),
      // In-process state: the test kills this one, and with Redis its keys would outlive it.
      startApp(["--drivers", "1", "--step-ms", "3000", "--redis", ""]),
      launchBrowser(),
    ]);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([twoDrivers?.stop(), oneDriver?.stop()]);
  });

  afterEach(() => {
    // Every page's uncaught errors and console errors fail the test that caused them.
    for (const page of pages) expect(page.errors.splice(0)).toEqual([]);
  });

  it("books a ride: the routes drawn, the driver moving with the ride's updates", async () => {
    const rider = await open(twoDrivers);
    const { page } = rider;
    await expect.poll(() => page.locator("#drivers").getAttribute("data-free")).toBe("2");
    await rider.click(home);
    await rider.click(office);
    await page.locator("#routes li").first().waitFor();
    expect(await page.locator("#route").getAttribute("points")).toMatch(/^[\d.]+,[\d.]+ /);
    await page.locator("#alternatives polyline").first().waitFor({ state: "attached" });
    expect(await page.locator("#routes li").first().textContent()).toMatch(/^Fastest: [\d.]+ km/);

    await page.locator("#book").click();
    const booking = page.locator("#booking[data-driver]");
    await booking.waitFor();
    expect(await booking.getAttribute("data-driver")).toMatch(/^d-\d{3}$/);
    const marker = page.locator("#driver");
    const bookedAt = await marker.getAttribute("data-lat");
    await page.locator("#updates li").nth(2).waitFor();
    const kinds = await page
      .locator("#updates li")
      .evaluateAll((items) => items.map((item) => item.getAttribute("data-kind")));
    expect(kinds.slice(0, 3)).toEqual(["assigned", "approaching", "approaching"]);
    // The second approaching update moved the driver from where they waited.
    expect(await marker.getAttribute("data-lat")).not.toBe(bookedAt);
    expect(await marker.getAttribute("visibility")).toBe("visible");
    await page.locator('#updates li[data-kind="arrived"]').waitFor();
    // The ride's end frees the driver, and the board says so.
    await expect.poll(() => page.locator("#drivers").getAttribute("data-free")).toBe("2");
  });

  it("gives two riders booking at once two different drivers, and the board shows both booked", async () => {
    const riders = [await open(twoDrivers), await open(twoDrivers)];
    for (const rider of riders) {
      await rider.click(home);
      await rider.click(office);
      await rider.page.locator("#routes li").first().waitFor();
    }
    await Promise.all(riders.map((r) => r.page.locator("#book").click()));
    const drivers = await Promise.all(
      riders.map(async ({ page }) => {
        const booking = page.locator("#booking[data-driver]");
        await booking.waitFor();
        return booking.getAttribute("data-driver");
      }),
    );
    expect(new Set(drivers).size).toBe(2);
    await expect
      .poll(() => riders[0]!.page.locator("#drivers").getAttribute("data-booked"))
      .toBe("2");
    await Promise.all(
      riders.map((r) => r.page.locator('#updates li[data-kind="arrived"]').waitFor()),
    );
  });

  it("books one of two riders racing for the last driver; the other sees resource_exhausted", async () => {
    const riders = [await open(oneDriver), await open(oneDriver)];
    for (const rider of riders) {
      await rider.click(home);
      await rider.click(office);
      await rider.page.locator("#routes li").first().waitFor();
    }
    await Promise.all(riders.map((r) => r.page.locator("#book").click()));
    const outcomes = await Promise.all(
      riders.map(async ({ page }) => {
        await page.locator("#booking[data-driver], #error[data-code]").first().waitFor();
        const code = await page.locator("#error").getAttribute("data-code");
        return {
          driver: await page.locator("#booking").getAttribute("data-driver"),
          code,
          message: code === null ? null : await page.locator("#error .message").textContent(),
        };
      }),
    );
    const booked = outcomes.filter((o) => o.driver !== null);
    const refused = outcomes.filter((o) => o.code !== null);
    expect(booked).toHaveLength(1);
    expect(booked[0]!.driver).toBe("d-000");
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ driver: null, code: "resource_exhausted" });
    expect(refused[0]!.message).toBe(
      "resource_exhausted: no driver is free: all 1 drivers are booked; try again shortly",
    );
  });

  it("shows a click off the map as out_of_range, with the service's message", async () => {
    const rider = await open(twoDrivers);
    const { bbox } = await rider.info();
    await rider.click(home);
    await rider.click({ lat: bbox.maxLat + 0.012, lon: home.lon });
    const error = rider.page.locator("#error[data-code]");
    await error.waitFor();
    expect(await error.getAttribute("data-code")).toBe("out_of_range");
    expect(await error.locator("strong").textContent()).toBe("That point is off the map");
    expect(await error.locator(".message").textContent()).toMatch(
      /^out_of_range: to \(.+\) is outside the map area /,
    );
    expect(await rider.page.locator("#book").isDisabled()).toBe(true);
    // shortestPath and alternatives, each answered 400 as docs/http.md maps out_of_range.
    const logged: string[] = [];
    await expect.poll(() => logged.push(...takeExpected(rider.errors, httpStatus(400)))).toBe(2);
  });

  it("shows an airport trip avoiding tolls as not_found, naming what is avoided", async () => {
    const rider = await open(twoDrivers);
    const { airport } = await rider.info();
    await rider.page.locator("#avoid-tolls").check();
    await rider.click(home);
    await rider.click(airport);
    const error = rider.page.locator("#error[data-code]");
    await error.waitFor();
    expect(await error.getAttribute("data-code")).toBe("not_found");
    expect(await error.locator(".message").textContent()).toMatch(
      /^not_found: no route from \(.+\) to \(.+\) avoids tolls: every way there uses them$/,
    );
    const logged: string[] = [];
    await expect.poll(() => logged.push(...takeExpected(rider.errors, httpStatus(404)))).toBe(2);
    // Allowing tolls again finds the way.
    await rider.page.locator("#avoid-tolls").uncheck();
    await rider.page.locator("#routes li").first().waitFor();
    expect(await rider.page.locator("#error").isHidden()).toBe(true);
  });

  it("says unavailable when the server goes away, reconnects when it is back, and books again", async () => {
    const rider = await open(oneDriver);
    await rider.page.locator("#drivers[data-free]").waitFor();
    await oneDriver.stop("SIGKILL");
    const error = rider.page.locator("#error[data-code]");
    await error.waitFor();
    expect(await error.getAttribute("data-code")).toBe("unavailable");
    expect(await error.locator("strong").textContent()).toBe("Connection lost: reconnecting…");
    oneDriver = await startApp([
      "--drivers",
      "1",
      "--step-ms",
      "50",
      "--redis",
      "",
      "--port",
      String(oneDriver.port),
    ]);
    await expect.poll(() => rider.page.locator("#status").textContent()).toBe("Reconnected.");
    expect(await rider.page.locator("#error").isHidden()).toBe(true);
    // Chromium logs each refused reconnection attempt while the server was down, on every
    // page of that server.
    for (const { errors } of pages) takeExpected(errors, /WebSocket connection to '\S+' failed/);
    // The restarted service does not know the old session: the page logs in again and books.
    await rider.click(home);
    await rider.click(office);
    await rider.page.locator("#routes li").first().waitFor();
    await rider.page.locator("#book").click();
    await rider.page.locator('#updates li[data-kind="arrived"]').waitFor();
  });
});
