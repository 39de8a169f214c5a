/**
 * The roads on a canvas. ~77k segments are too many to stroke each frame, so they are cut
 * into tiles once, each tile a `Path2D` per road class in world metres, and a frame strokes
 * only the tiles on screen. Zoomed out, where most of the city is on screen, the residential
 * streets (nine segments in ten) come instead from one picture of them drawn at start-up and
 * scaled: a single image draw rather than ~68k strokes.
 */
import type { MapView } from "./view.js";

/** The map's metadata, as the app serves it at `/map.json`. */
export interface MapInfo {
  readonly centre: { lat: number; lon: number };
  readonly bbox: { minLat: number; maxLat: number; minLon: number; maxLon: number };
  readonly airport: { lat: number; lon: number };
  readonly classes: readonly { readonly name: string; readonly segments: number }[];
}

/** Per class, slowest first: colour and width in CSS pixels. */
const styles = [
  { color: "#c9c4ba", width: 1 },
  { color: "#e8c26a", width: 2.2 },
  { color: "#e07b39", width: 3.5 },
];
/** Tiles per side of the world's bounding square. */
const tilesPerSide = 16;
/** Pixels across the residential overview's longer side. */
const overviewPixels = 1024;

interface Tile {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  /** A path per road class (`undefined`: no road of that class here). */
  readonly paths: (Path2D | undefined)[];
}

/**
 * Draws the roads; `draw` returns how long the frame's drawing took, in ms. With `flush`, the
 * time includes rasterizing: Chromium records canvas commands and paints them later, so
 * without it the figure is only the time to issue them.
 */
export class RoadLayer {
  readonly #canvas: HTMLCanvasElement;
  readonly #tiles: Tile[];
  readonly #overview: Overview;

  constructor(canvas: HTMLCanvasElement, view: MapView, info: MapInfo, roads: Float32Array) {
    this.#canvas = canvas;
    this.#tiles = buildTiles(view, info, roads);
    this.#overview = buildOverview(this.#tiles);
  }

  draw(view: MapView, options: { readonly flush?: boolean } = {}): number {
    const started = performance.now();
    const dpr = window.devicePixelRatio || 1;
    const canvas = this.#canvas;
    const width = Math.round(view.width * dpr);
    const height = Math.round(view.height * dpr);
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const ctx = canvas.getContext("2d");
    if (ctx === null) return 0;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const k = view.scale * dpr;
    ctx.setTransform(
      k,
      0,
      0,
      k,
      dpr * (view.width / 2 - view.look.x * view.scale),
      dpr * (view.height / 2 - view.look.y * view.scale),
    );
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    const halfW = view.width / 2 / view.scale;
    const halfH = view.height / 2 / view.scale;
    const visible = this.#tiles.filter(
      (t) =>
        t.maxX >= view.look.x - halfW &&
        t.minX <= view.look.x + halfW &&
        t.maxY >= view.look.y - halfH &&
        t.minY <= view.look.y + halfH,
    );
    const overview = this.#overview;
    styles.forEach((style, c) => {
      // The overview while each of its pixels covers at least a pixel of the screen.
      if (c === 0 && k <= overview.scale) {
        const { image, minX, minY } = overview;
        ctx.drawImage(
          image,
          minX,
          minY,
          image.width / overview.scale,
          image.height / overview.scale,
        );
        return;
      }
      ctx.strokeStyle = style.color;
      ctx.lineWidth = style.width / view.scale;
      for (const tile of visible) {
        const path = tile.paths[c];
        if (path !== undefined) ctx.stroke(path);
      }
    });
    // Reading a pixel back makes the canvas paint everything issued so far, now.
    if (options.flush === true) ctx.getImageData(0, 0, 1, 1);
    return performance.now() - started;
  }
}

function buildTiles(view: MapView, info: MapInfo, roads: Float32Array): Tile[] {
  const corner = view.offsetToWorld(
    info.bbox.maxLat - info.centre.lat,
    info.bbox.minLon - info.centre.lon,
  );
  const far = view.offsetToWorld(
    info.bbox.minLat - info.centre.lat,
    info.bbox.maxLon - info.centre.lon,
  );
  const size = Math.max(far.x - corner.x, far.y - corner.y) / tilesPerSide;
  const tiles: Tile[] = Array.from({ length: tilesPerSide * tilesPerSide }, (_, i) => {
    const minX = corner.x + (i % tilesPerSide) * size;
    const minY = corner.y + Math.floor(i / tilesPerSide) * size;
    return { minX, minY, maxX: minX + size, maxY: minY + size, paths: styles.map(() => undefined) };
  });
  // A segment goes to the tile of its midpoint; tiles grow to cover what they hold.
  const bounds = tiles.map((t) => ({ ...t }));
  let offset = 0;
  info.classes.forEach(({ segments }, c) => {
    for (let s = 0; s < segments; s++, offset += 4) {
      const a = view.offsetToWorld(roads[offset]!, roads[offset + 1]!);
      const b = view.offsetToWorld(roads[offset + 2]!, roads[offset + 3]!);
      const col = clamp(Math.floor(((a.x + b.x) / 2 - corner.x) / size));
      const row = clamp(Math.floor(((a.y + b.y) / 2 - corner.y) / size));
      const i = row * tilesPerSide + col;
      const tile = tiles[i]!;
      let path = tile.paths[c];
      if (path === undefined) {
        path = new Path2D();
        tile.paths[c] = path;
      }
      path.moveTo(a.x, a.y);
      path.lineTo(b.x, b.y);
      const box = bounds[i]!;
      box.minX = Math.min(box.minX, a.x, b.x);
      box.minY = Math.min(box.minY, a.y, b.y);
      box.maxX = Math.max(box.maxX, a.x, b.x);
      box.maxY = Math.max(box.maxY, a.y, b.y);
    }
  });
  return tiles.map((t, i) => ({ ...bounds[i]!, paths: t.paths }));
}

/** The residential streets drawn once at a fixed scale, for the zoomed-out frames. */
interface Overview {
  readonly image: HTMLCanvasElement;
  readonly minX: number;
  readonly minY: number;
  /** Pixels per metre. */
  readonly scale: number;
}

function buildOverview(tiles: readonly Tile[]): Overview {
  const minX = Math.min(...tiles.map((t) => t.minX));
  const minY = Math.min(...tiles.map((t) => t.minY));
  const maxX = Math.max(...tiles.map((t) => t.maxX));
  const maxY = Math.max(...tiles.map((t) => t.maxY));
  const scale = overviewPixels / Math.max(maxX - minX, maxY - minY);
  const image = document.createElement("canvas");
  image.width = Math.ceil((maxX - minX) * scale);
  image.height = Math.ceil((maxY - minY) * scale);
  const ctx = image.getContext("2d");
  if (ctx !== null) {
    ctx.setTransform(scale, 0, 0, scale, -minX * scale, -minY * scale);
    ctx.strokeStyle = styles[0]!.color;
    // Scaled down on screen, a 1.5 px street still shows as a hairline.
    ctx.lineWidth = 1.5 / scale;
    for (const tile of tiles) {
      const path = tile.paths[0];
      if (path !== undefined) ctx.stroke(path);
    }
  }
  return { image, minX, minY, scale };
}

function clamp(i: number): number {
  return Math.min(Math.max(i, 0), tilesPerSide - 1);
}
