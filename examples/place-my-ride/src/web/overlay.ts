/**
 * What is drawn over the roads, in SVG so each thing is an element the page (and a test) can
 * find: the start and destination pins, the route and its alternatives, the drivers waiting,
 * and the driver on their way. Positions are kept in degrees and re-projected when the view
 * moves.
 */
import type { LatLon } from "../../services/geo.js";
import type { DriverStatus } from "../../services/ride.js";
import type { MapView } from "./view.js";

const svgNs = "http://www.w3.org/2000/svg";

/** The overlay's state; call {@link Overlay.render} after changing it. */
export class Overlay {
  start: LatLon | undefined;
  destination: LatLon | undefined;
  route: readonly LatLon[] = [];
  alternatives: (readonly LatLon[])[] = [];
  drivers: readonly DriverStatus[] = [];
  /** The booked driver, once the ride's updates say where they are. */
  driver: LatLon | undefined;

  readonly #view: MapView;
  readonly #el = (id: string) => document.getElementById(id) as unknown as SVGElement;

  constructor(view: MapView) {
    this.#view = view;
  }

  render(): void {
    const view = this.#view;
    const points = (path: readonly LatLon[]) =>
      path
        .map((p) => {
          const s = view.toScreen(p);
          return `${s.x.toFixed(1)},${s.y.toFixed(1)}`;
        })
        .join(" ");
    this.#el("route").setAttribute("points", points(this.route));
    this.#el("alternatives").replaceChildren(
      ...this.alternatives.map((path) => svg("polyline", { points: points(path) })),
    );
    const pins = [
      ["start", this.start],
      ["destination", this.destination],
    ] as const;
    this.#el("pins").replaceChildren(
      ...pins.flatMap(([kind, at]) =>
        at === undefined ? [] : [svg("circle", { class: kind, r: "8", ...centre(view, at) })],
      ),
    );
    this.#el("driver-dots").replaceChildren(
      ...this.drivers.map((d) =>
        svg("circle", {
          class: d.booked ? "booked" : "free",
          r: "4",
          "data-driver": d.driverId,
          ...centre(view, d.position),
        }),
      ),
    );
    const driver = this.#el("driver");
    if (this.driver === undefined) {
      driver.setAttribute("visibility", "hidden");
    } else {
      driver.setAttribute("visibility", "visible");
      const at = centre(view, this.driver);
      driver.setAttribute("cx", at.cx);
      driver.setAttribute("cy", at.cy);
      driver.dataset.lat = String(this.driver.lat);
      driver.dataset.lon = String(this.driver.lon);
    }
  }
}

function centre(view: MapView, at: LatLon): { cx: string; cy: string } {
  const s = view.toScreen(at);
  return { cx: s.x.toFixed(1), cy: s.y.toFixed(1) };
}

function svg(tag: string, attributes: Record<string, string>): SVGElement {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}
