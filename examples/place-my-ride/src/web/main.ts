/**
 * The placeMyRide page: the city's roads on a canvas, the trip and the ride over them in SVG,
 * and the generated clients running in the browser, PathService over HTTP (fetch) and
 * RideService over WebSocket, both on the page's own origin.
 */
import { httpTransport } from "@rpcgen/transport-http";
import { wsTransport } from "@rpcgen/transport-ws";
import type { LatLon } from "../../services/geo.js";
import { createPathServiceClient } from "../gen/path.js";
import { createRideServiceClient } from "../gen/ride.js";
import { followDrivers } from "./drivers-panel.js";
import { setStatus, showError } from "./messages.js";
import { Overlay } from "./overlay.js";
import { RideSession } from "./ride-session.js";
import { type MapInfo, RoadLayer } from "./road-layer.js";
import { Trip } from "./trip.js";
import { MapView } from "./view.js";

/** What the page measures about itself; tests and the screenshot script read it. */
export interface PageMetrics {
  /** From navigation start to the first frame of roads drawn, in ms. */
  loadMs: number;
  /** How long each frame's road drawing took, in ms, in order. */
  frameMs: number[];
  /** Frames drawn with the whole city in view (the slowest case), in ms. */
  fullViewFrameMs: number[];
}

/** The page's hooks for tests and the screenshot script. */
export interface PageHooks {
  readonly info: MapInfo;
  readonly metrics: PageMetrics;
  /** Where `point` is on the page, in CSS pixels from the page's top left. */
  pagePoint(point: LatLon): { x: number; y: number };
  /**
   * Draws the roads with the whole city in view `times` times, each frame painted before the
   * next (the slowest frame the map has), and returns the frame times in ms.
   */
  measureFullView(times: number): number[];
}

declare global {
  interface Window {
    placeMyRide: PageHooks;
  }
}

/** How far beyond the roads the map shows at first, in degrees (about 1.5 km). */
const padding = 0.014;

async function start(): Promise<void> {
  const [info, roads] = await Promise.all([
    fetch("/map.json").then((r) => r.json() as Promise<MapInfo>),
    fetch("/roads.bin").then((r) => r.arrayBuffer()),
  ]);
  const container = document.getElementById("map")!;
  const canvas = document.getElementById("roads") as HTMLCanvasElement;
  const view = new MapView(info.centre);
  const resize = () => {
    view.width = container.clientWidth;
    view.height = container.clientHeight;
  };
  resize();
  const fitCity = () =>
    view.fit(
      { lat: info.bbox.maxLat + padding, lon: info.bbox.minLon - padding },
      { lat: info.bbox.minLat - padding, lon: info.bbox.maxLon + padding },
    );
  fitCity();
  const layer = new RoadLayer(canvas, view, info, new Float32Array(roads));
  const overlay = new Overlay(view);
  const metrics: PageMetrics = { loadMs: 0, frameMs: [], fullViewFrameMs: [] };

  let roadsStale = true;
  let frame = 0;
  /** Schedules a frame; `roads` when the view moved and the roads must be drawn again. */
  const redraw = (roads = false) => {
    roadsStale ||= roads;
    if (frame !== 0) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (roadsStale) {
        roadsStale = false;
        metrics.frameMs.push(layer.draw(view));
      }
      overlay.render();
    });
  };
  redraw(true);
  await new Promise((resolve) => requestAnimationFrame(resolve));
  metrics.loadMs = performance.now();

  const origin = location.origin;
  const paths = createPathServiceClient(httpTransport(`${origin}/rpc`));
  const rideClient = createRideServiceClient(wsTransport(`${origin.replace(/^http/, "ws")}/ws`));
  const rides = new RideSession(rideClient, `rider-${crypto.randomUUID().slice(0, 8)}`);
  const trip = new Trip({ overlay, paths, rides, redraw: () => redraw() });
  listen(container, view, (at) => trip.pick(at), redraw);
  window.addEventListener("resize", () => {
    resize();
    redraw(true);
  });

  window.placeMyRide = {
    info,
    metrics,
    pagePoint(point) {
      const box = container.getBoundingClientRect();
      const at = view.toScreen(point);
      return { x: box.left + at.x, y: box.top + at.y };
    },
    measureFullView(times) {
      const look = view.look;
      const scale = view.scale;
      fitCity();
      const took = Array.from({ length: times }, () => layer.draw(view, { flush: true }));
      metrics.fullViewFrameMs.push(...took);
      view.look = look;
      view.scale = scale;
      redraw(true);
      return took;
    },
  };
  void followDrivers(rideClient, (board) => {
    overlay.drivers = board.drivers;
    redraw();
  });
  // Log in now, so the first booking does not wait for it; a failure shows, and the booking retries.
  await rides.sessionId().catch(showError);
  setStatus("Click the map to pick where you start.");
  document.body.dataset.state = "ready";
}

/** Drag to pan, wheel to zoom, click (a press that did not move) to pick a point. */
function listen(
  container: HTMLElement,
  view: MapView,
  pick: (at: LatLon) => void,
  redraw: (roads?: boolean) => void,
): void {
  let press: { x: number; y: number; moved: boolean } | undefined;
  container.addEventListener("pointerdown", (event) => {
    press = { x: event.clientX, y: event.clientY, moved: false };
    container.setPointerCapture(event.pointerId);
  });
  container.addEventListener("pointermove", (event) => {
    if (press === undefined) return;
    const dx = event.clientX - press.x;
    const dy = event.clientY - press.y;
    if (!press.moved && Math.hypot(dx, dy) < 4) return;
    press = { x: event.clientX, y: event.clientY, moved: true };
    view.panBy(dx, dy);
    redraw(true);
  });
  container.addEventListener("pointerup", (event) => {
    const was = press;
    press = undefined;
    if (was === undefined || was.moved) return;
    const box = container.getBoundingClientRect();
    pick(view.fromScreen(event.clientX - box.left, event.clientY - box.top));
  });
  container.addEventListener(
    "wheel",
    (event) => {
      event.preventDefault();
      const box = container.getBoundingClientRect();
      view.zoomAt(event.clientX - box.left, event.clientY - box.top, Math.exp(-event.deltaY / 500));
      redraw(true);
    },
    { passive: false },
  );
}

start().catch((error: unknown) => {
  showError(error);
  setStatus("The page could not start.");
  document.body.dataset.state = "failed";
});
