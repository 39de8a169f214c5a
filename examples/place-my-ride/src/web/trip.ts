/**
 * One rider's trip: two clicks pick the start and the destination, the routes come from
 * PathService over HTTP (the fastest first, then the alternatives as they stream in), and
 * "Book a ride" books it over WebSocket and follows the ride's updates, moving the driver.
 */
import { RpcCode, RpcError } from "@rpcgen/runtime";
import type { LatLon } from "../../services/geo.js";
import type { Avoid, Route } from "../../services/path.js";
import type { RideUpdate } from "../../services/ride.js";
import type { PathServiceClient } from "../gen/path.js";
import { setStatus, showError } from "./messages.js";
import type { Overlay } from "./overlay.js";
import type { RideSession } from "./ride-session.js";

const $ = (id: string) => document.getElementById(id)!;

/** What a trip needs from the page. */
export interface TripDeps {
  readonly overlay: Overlay;
  readonly paths: PathServiceClient;
  readonly rides: RideSession;
  /** Redraws the overlay after a change. */
  readonly redraw: () => void;
}

/** The trip being planned, and the ride booked for it. */
export class Trip {
  readonly #deps: TripDeps;
  #planning = new AbortController();
  #routed = false;
  #riding = false;

  constructor(deps: TripDeps) {
    this.#deps = deps;
    $("book").addEventListener("click", () => void this.book());
    for (const id of ["avoid-tolls", "avoid-highways"]) {
      $(id).addEventListener("change", () => {
        if (deps.overlay.destination !== undefined) void this.#plan();
      });
    }
  }

  /** A click on the map: the start, then the destination, then a new start. */
  pick(at: LatLon): void {
    const { overlay } = this.#deps;
    if (overlay.start === undefined || overlay.destination !== undefined) {
      this.#planning.abort();
      overlay.start = at;
      overlay.destination = undefined;
      overlay.route = [];
      overlay.alternatives = [];
      this.#setRouted(false);
      $("routes").replaceChildren();
      $("hint").textContent = "Now click where you are going.";
      this.#deps.redraw();
      return;
    }
    overlay.destination = at;
    void this.#plan();
  }

  #avoid(): Avoid[] {
    const avoid: Avoid[] = [];
    if (($("avoid-tolls") as HTMLInputElement).checked) avoid.push("tolls");
    if (($("avoid-highways") as HTMLInputElement).checked) avoid.push("highways");
    return avoid;
  }

  async #plan(): Promise<void> {
    const { overlay, paths, redraw } = this.#deps;
    const from = overlay.start;
    const to = overlay.destination;
    if (from === undefined || to === undefined) return;
    this.#planning.abort();
    const planning = new AbortController();
    this.#planning = planning;
    const avoid = this.#avoid();
    const req = avoid.length > 0 ? { from, to, avoid } : { from, to };
    overlay.route = [];
    overlay.alternatives = [];
    this.#setRouted(false);
    const list = $("routes");
    list.replaceChildren();
    showError(undefined);
    $("hint").textContent = "Finding routes…";
    redraw();
    const call = { signal: planning.signal, timeoutMs: 10_000 };
    const fastest = paths.shortestPath(req, call).then((route) => {
      overlay.route = route.path;
      list.prepend(routeItem("Fastest", route));
      this.#setRouted(true);
      $("hint").textContent = "Book a ride, or click to start over.";
      redraw();
    });
    const alternatives = (async () => {
      let n = 0;
      for await (const route of paths.alternatives(req, call)) {
        // The first alternative is the fastest route itself, drawn already.
        if (n++ === 0) continue;
        overlay.alternatives = [...overlay.alternatives, route.path];
        list.append(routeItem(`Alternative ${n - 1}`, route));
        redraw();
      }
    })();
    const failures = (await Promise.allSettled([fastest, alternatives])).flatMap((r) =>
      r.status === "rejected" ? [r.reason as unknown] : [],
    );
    if (planning.signal.aborted || failures.length === 0) return;
    showError(failures[0]);
    $("hint").textContent = "Pick another destination.";
  }

  #setRouted(routed: boolean): void {
    this.#routed = routed;
    ($("book") as HTMLButtonElement).disabled = !routed || this.#riding;
  }

  /** Books the planned trip and follows the ride to its end. */
  async book(): Promise<void> {
    const { overlay, rides, redraw } = this.#deps;
    const from = overlay.start;
    const to = overlay.destination;
    if (from === undefined || to === undefined || !this.#routed || this.#riding) return;
    this.#riding = true;
    this.#setRouted(true);
    showError(undefined);
    const status = $("booking");
    const updates = $("updates");
    updates.replaceChildren();
    status.textContent = "Booking…";
    delete status.dataset.driver;
    setStatus("Booking a ride…");
    try {
      // The ride service routes the booked ride itself (the fastest way, tolls and highways
      // allowed); the page draws the route the driver will take.
      const booking = await rides.book(from, to, this.#avoid());
      status.dataset.driver = booking.driverId;
      status.dataset.booking = booking.bookingId;
      status.textContent = `Driver ${booking.driverId}, ${km(booking.route.distanceMeters)}, about ${minutes(booking.route.etaSeconds)}.`;
      overlay.route = booking.route.path;
      overlay.driver = booking.driverPosition;
      redraw();
      setStatus(`Driver ${booking.driverId} is on the way.`);
      for await (const update of rides.client.rideUpdates(booking.bookingId)) {
        if ("position" in update) overlay.driver = update.position;
        const item = document.createElement("li");
        item.dataset.kind = update.kind;
        item.textContent = describe(update);
        updates.append(item);
        redraw();
        setStatus(item.textContent);
      }
      setStatus("Arrived. Click the map to plan another ride.");
    } catch (error) {
      const rpc = RpcError.from(error);
      showError(rpc);
      status.textContent =
        rpc.code === RpcCode.ResourceExhausted ? "Not booked: no driver is free." : "Not booked.";
      setStatus("Not booked.");
    } finally {
      this.#riding = false;
      this.#setRouted(this.#routed);
    }
  }
}

function routeItem(label: string, route: Route): HTMLLIElement {
  const item = document.createElement("li");
  item.textContent = `${label}: ${km(route.distanceMeters)}, ${minutes(route.etaSeconds)}`;
  return item;
}

function describe(update: RideUpdate): string {
  switch (update.kind) {
    case "assigned":
      return `Driver ${update.driverId} assigned, pickup in ${minutes(update.etaSeconds)}`;
    case "approaching":
      return `Driver approaching, ${minutes(update.etaSeconds)} away`;
    case "picked_up":
      return "Picked up";
    case "progress":
      return `On the way, ${km(update.remainingMeters)} to go`;
    case "arrived":
      return `Arrived after ${km(update.distanceMeters)}`;
  }
}

const km = (meters: number) => `${(meters / 1000).toFixed(1)} km`;
const minutes = (seconds: number) => `${Math.max(1, Math.round(seconds / 60))} min`;
