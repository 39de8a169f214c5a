/**
 * Where the map is looking: a local flat projection around the map's centre (metres east and
 * south, fine over a city) and the pan and zoom on top of it.
 */
import type { LatLon } from "../../services/geo.js";

const metersPerDegree = 111_320;

/** A point in metres from the map's centre, `y` growing southwards as on screen. */
export interface World {
  x: number;
  y: number;
}

/** The projection and the current pan and zoom, for a map `width` × `height` CSS pixels. */
export class MapView {
  readonly #centre: LatLon;
  readonly #metersPerDegreeLon: number;
  /** The world point at the middle of the screen. */
  look: World = { x: 0, y: 0 };
  /** Pixels per metre. */
  scale = 0.05;
  width = 1;
  height = 1;

  constructor(centre: LatLon) {
    this.#centre = centre;
    this.#metersPerDegreeLon = metersPerDegree * Math.cos((centre.lat * Math.PI) / 180);
  }

  /** Offsets in degrees from the centre (as the roads file stores them) to metres. */
  offsetToWorld(dLat: number, dLon: number): World {
    return { x: dLon * this.#metersPerDegreeLon, y: -dLat * metersPerDegree };
  }

  toWorld(point: LatLon): World {
    return this.offsetToWorld(point.lat - this.#centre.lat, point.lon - this.#centre.lon);
  }

  toLatLon(world: World): LatLon {
    return {
      lat: this.#centre.lat - world.y / metersPerDegree,
      lon: this.#centre.lon + world.x / this.#metersPerDegreeLon,
    };
  }

  toScreen(point: LatLon): { x: number; y: number } {
    const w = this.toWorld(point);
    return {
      x: (w.x - this.look.x) * this.scale + this.width / 2,
      y: (w.y - this.look.y) * this.scale + this.height / 2,
    };
  }

  fromScreen(x: number, y: number): LatLon {
    return this.toLatLon({
      x: this.look.x + (x - this.width / 2) / this.scale,
      y: this.look.y + (y - this.height / 2) / this.scale,
    });
  }

  /** Pans and zooms so the box from `a` to `b` fills the screen. */
  fit(a: LatLon, b: LatLon): void {
    const p = this.toWorld(a);
    const q = this.toWorld(b);
    this.look = { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
    this.scale = Math.min(
      this.width / Math.abs(q.x - p.x || 1),
      this.height / Math.abs(q.y - p.y || 1),
    );
  }

  /** Zooms by `factor` keeping the world point under screen point (`x`, `y`) in place. */
  zoomAt(x: number, y: number, factor: number): void {
    const before = this.fromScreen(x, y);
    this.scale = Math.min(Math.max(this.scale * factor, 0.005), 2);
    const after = this.fromScreen(x, y);
    const shift = { a: this.toWorld(before), b: this.toWorld(after) };
    this.look = {
      x: this.look.x + shift.a.x - shift.b.x,
      y: this.look.y + shift.a.y - shift.b.y,
    };
  }

  panBy(dx: number, dy: number): void {
    this.look = { x: this.look.x - dx / this.scale, y: this.look.y - dy / this.scale };
  }
}
