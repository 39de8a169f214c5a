import { restrictToLargestComponent } from "./components.js";
import { type LatLon, metersPerDegree } from "./geo.js";
import { type Direction, RoadClass, type RoadGraph, RoadGraphBuilder } from "./road-graph.js";

export interface SyntheticCityOptions {
  /** Same seed, same city, byte for byte. */
  readonly seed: number;
  /** Intersections per side of the street grid, at least 10. Default 200: about 40,000. */
  readonly size?: number;
  /** Default: central Paris. */
  readonly centre?: LatLon;
  /** Distance between neighbouring streets. Default 85 m, a city block. */
  readonly blockMeters?: number;
}

export interface SyntheticCity {
  /** Strongly connected: without `avoid`, every intersection reaches every other. */
  readonly graph: RoadGraph;
  readonly centre: LatLon;
  /**
   * The airport: a small district outside the grid, reachable only over a toll motorway spur,
   * so routes there with `avoid: ["tolls"]` or `["highways"]` are `not_found`.
   */
  readonly airport: LatLon;
}

/** Arterials run along every this many streets. */
const arterialEvery = 10;
/** Share of residential streets that are one-way. */
const onewayShare = 0.3;
/** Highway intersections are this many blocks apart; exits at every other one. */
const highwayStep = 5;

/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG; all the city's randomness comes from it. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A seeded synthetic city: a jittered street grid with parks cut out of it, two-way arterials
 * every ten streets, 30% one-way residential streets, a free ring motorway, radial motorways
 * that are tolled outside the ring, and an airport reached only by a toll spur. Positions are
 * in block units (gx east, gy north) until they become degrees around `centre`.
 */
export function buildSyntheticCity(options: SyntheticCityOptions): SyntheticCity {
  const size = Math.max(10, Math.floor(options.size ?? 200));
  const centre = options.centre ?? { lat: 48.8566, lon: 2.3522 };
  const block = options.blockMeters ?? 85;
  const random = mulberry32(options.seed);
  const mid = (size - 1) / 2;
  const degLat = block / metersPerDegree;
  const degLon = block / (metersPerDegree * Math.cos((centre.lat * Math.PI) / 180));
  const builder = new RoadGraphBuilder();
  const addNode = (gx: number, gy: number) =>
    builder.addNode(centre.lat + (gy - mid) * degLat, centre.lon + (gx - mid) * degLon);

  const grid = buildStreetGrid(builder, random, size, addNode);
  const nearestGridNode = (gx: number, gy: number): number => {
    let best = -1;
    let bestSq = Number.POSITIVE_INFINITY;
    for (let j = Math.round(gy) - 2; j <= Math.round(gy) + 2; j++) {
      for (let i = Math.round(gx) - 2; i <= Math.round(gx) + 2; i++) {
        if (i < 0 || j < 0 || i >= size || j >= size) continue;
        const id = grid[j * size + i]!;
        const sq = (i - gx) ** 2 + (j - gy) ** 2;
        if (id >= 0 && sq < bestSq) [best, bestSq] = [id, sq];
      }
    }
    return best;
  };
  const exitTo = (node: number, gx: number, gy: number) => {
    const street = nearestGridNode(gx, gy);
    if (street >= 0) builder.addRoad(node, street, { roadClass: RoadClass.Arterial });
  };
  const motorway = (a: number, b: number, toll: boolean) =>
    builder.addRoad(a, b, { roadClass: RoadClass.Highway, toll });

  // The ring: free, with exits every other junction.
  const ringRadius = 0.3 * size;
  const ringCount = Math.max(8, Math.round((2 * Math.PI * ringRadius) / highwayStep));
  const ring: number[] = [];
  for (let k = 0; k < ringCount; k++) {
    const angle = (2 * Math.PI * k) / ringCount;
    const gx = mid + ringRadius * Math.cos(angle);
    const gy = mid + ringRadius * Math.sin(angle);
    ring.push(addNode(gx, gy));
    if (k % 2 === 0) exitTo(ring[k]!, gx, gy);
    if (k > 0) motorway(ring[k - 1]!, ring[k]!, false);
  }
  motorway(ring[ringCount - 1]!, ring[0]!, false);

  // Radials from near the centre out of town; tolled beyond the ring. Radial 0 runs on to the
  // airport with no exits past the city edge, which is what makes the airport an island.
  const radialCount = size >= 100 ? 6 : 4;
  const firstAngle = random() * 2 * Math.PI;
  const airportSide = Math.max(4, Math.round(size / 25));
  let airport: LatLon = centre;
  for (let r = 0; r < radialCount; r++) {
    const angle = firstAngle + (2 * Math.PI * r) / radialCount + (random() - 0.5) * 0.4;
    const dx = Math.cos(angle);
    const dy = Math.sin(angle);
    const inside = (d: number) => {
      const gx = mid + d * dx;
      const gy = mid + d * dy;
      return gx >= 0 && gy >= 0 && gx <= size - 1 && gy <= size - 1;
    };
    let edgeOfTown = 0.1 * size;
    while (inside(edgeOfTown + highwayStep)) edgeOfTown += highwayStep;
    const airportDistance = edgeOfTown + 6 + airportSide;
    const end = r === 0 ? airportDistance - airportSide / 2 - 1 : edgeOfTown;
    let previous = -1;
    let previousDistance = 0;
    let ringJoined = false;
    for (let d = 0.1 * size, k = 0; d <= end + 1e-9; d += highwayStep, k++) {
      const gx = mid + d * dx;
      const gy = mid + d * dy;
      const node = addNode(gx, gy);
      if (previous >= 0) motorway(previous, node, previousDistance > ringRadius + 1);
      const inTown = d <= edgeOfTown + 1e-9;
      if (inTown && (k % 2 === 0 || d + highwayStep > edgeOfTown)) exitTo(node, gx, gy);
      if (!ringJoined && d + highwayStep / 2 >= ringRadius) {
        // The motorway interchange with the ring, at the ring junction nearest in angle.
        const turn = ((angle % (2 * Math.PI)) + 2 * Math.PI) / (2 * Math.PI);
        motorway(node, ring[Math.round(turn * ringCount) % ringCount]!, false);
        ringJoined = true;
      }
      previous = node;
      previousDistance = d;
    }
    if (r === 0) {
      const ax = mid + airportDistance * dx;
      const ay = mid + airportDistance * dy;
      const gate = buildAirport(builder, addNode, ax, ay, airportSide, dx, dy);
      builder.addRoad(previous, gate, { roadClass: RoadClass.Arterial });
      airport = { lat: centre.lat + (ay - mid) * degLat, lon: centre.lon + (ax - mid) * degLon };
    }
  }
  // One-way patterns can trap a few corners; dropping them keeps every pair routable.
  return { graph: restrictToLargestComponent(builder.build()), centre, airport };
}

/** The street grid; returns the node id per grid position, -1 inside parks. */
function buildStreetGrid(
  builder: RoadGraphBuilder,
  random: () => number,
  size: number,
  addNode: (gx: number, gy: number) => number,
): Int32Array {
  const isArterial = (line: number) => line % arterialEvery === 0;
  // Parks and rail yards: rectangles of removed intersections. Arterials run through them.
  const removed = new Uint8Array(size * size);
  const parks = Math.max(1, Math.round((size * size) / 2500));
  for (let p = 0; p < parks; p++) {
    const w = 3 + Math.floor(random() * Math.max(2, size / 12));
    const h = 3 + Math.floor(random() * Math.max(2, size / 12));
    const x0 = 1 + Math.floor(random() * Math.max(1, size - w - 2));
    const y0 = 1 + Math.floor(random() * Math.max(1, size - h - 2));
    for (let j = y0 + 1; j < Math.min(size - 1, y0 + h); j++) {
      for (let i = x0 + 1; i < Math.min(size - 1, x0 + w); i++) {
        if (!isArterial(i) && !isArterial(j)) removed[j * size + i] = 1;
      }
    }
  }
  const grid = new Int32Array(size * size).fill(-1);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      if (removed[j * size + i] === 1) continue;
      // Jitter of up to a fifth of a block: streets are not ruler-straight.
      grid[j * size + i] = addNode(i + (random() - 0.5) * 0.4, j + (random() - 0.5) * 0.4);
    }
  }
  const street = (line: number): { roadClass: RoadClass; direction: Direction } => {
    if (isArterial(line)) return { roadClass: RoadClass.Arterial, direction: "both" };
    if (random() >= onewayShare) return { roadClass: RoadClass.Residential, direction: "both" };
    return { roadClass: RoadClass.Residential, direction: random() < 0.5 ? "forward" : "backward" };
  };
  // Streets run the full width (rows) and height (columns); a whole street shares its class
  // and direction, as real one-way streets do.
  for (const vertical of [false, true]) {
    for (let line = 0; line < size; line++) {
      const { roadClass, direction } = street(line);
      for (let s = 0; s + 1 < size; s++) {
        const a = vertical ? grid[s * size + line]! : grid[line * size + s]!;
        const b = vertical ? grid[(s + 1) * size + line]! : grid[line * size + s + 1]!;
        // Up to 6% longer than the straight line: a street bends a little. Drawn before the
        // park check so a park does not shift the random stream of the rest of the street.
        const detour = 1 + random() * 0.06;
        if (a >= 0 && b >= 0) builder.addRoad(a, b, { roadClass, detour }, direction);
      }
    }
  }
  return grid;
}

/**
 * The airport district: a small two-way grid centred on (ax, ay), turned to face the motorway
 * coming in along (dx, dy). Returns the gate: the node nearest the motorway.
 */
function buildAirport(
  builder: RoadGraphBuilder,
  addNode: (gx: number, gy: number) => number,
  ax: number,
  ay: number,
  side: number,
  dx: number,
  dy: number,
): number {
  const half = (side - 1) / 2;
  const ids: number[] = [];
  let gate = -1;
  let gateDistance = Number.POSITIVE_INFINITY;
  for (let v = 0; v < side; v++) {
    for (let u = 0; u < side; u++) {
      // u runs along the motorway's direction, v across it.
      const along = u - half;
      const across = v - half;
      const id = addNode(ax + along * dx - across * dy, ay + along * dy + across * dx);
      ids.push(id);
      const distance = along + Math.abs(across) / side;
      if (distance < gateDistance) [gate, gateDistance] = [id, distance];
      const spec = { roadClass: RoadClass.Residential };
      if (u > 0) builder.addRoad(ids[v * side + u - 1]!, id, spec);
      if (v > 0) builder.addRoad(ids[(v - 1) * side + u]!, id, spec);
    }
  }
  return gate;
}
