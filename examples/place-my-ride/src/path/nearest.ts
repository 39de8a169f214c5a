import { type BBox, type LatLon, metersPerDegree } from "./geo.js";
import type { RoadGraph } from "./road-graph.js";

export interface NearestIndexOptions {
  /** Points this far outside the graph's bbox still snap to it; further out is out of area. */
  readonly marginMeters?: number;
  /** Aim for about this many nodes per grid cell. Default 4. */
  readonly nodesPerCell?: number;
}

/**
 * Nearest-intersection lookup on a uniform grid. Points are projected onto a local flat plane
 * (equirectangular at the area's mid-latitude): over a city the error is far below a block,
 * and in a plane the ring search below has an exact stopping rule.
 */
export interface NearestIndex {
  readonly graph: RoadGraph;
  /** The graph's bbox, as shown to callers in out-of-area errors. */
  readonly bbox: BBox;
  readonly marginMeters: number;
  /** True when the point is not a finite coordinate inside the bbox grown by the margin. */
  isOutside(point: LatLon): boolean;
  /** The closest node, or -1 for an empty graph. */
  nearest(point: LatLon): number;
}

export function buildNearestIndex(
  graph: RoadGraph,
  options: NearestIndexOptions = {},
): NearestIndex {
  const marginMeters = options.marginMeters ?? 500;
  const { bbox } = graph;
  const n = graph.nodeCount;
  const cosLat = Math.cos((((bbox.minLat + bbox.maxLat) / 2) * Math.PI) / 180);
  const x = (lon: number) => (lon - bbox.minLon) * metersPerDegree * cosLat;
  const y = (lat: number) => (lat - bbox.minLat) * metersPerDegree;
  const width = Math.max(x(bbox.maxLon), 1);
  const height = Math.max(y(bbox.maxLat), 1);
  // Square cells sized for the target density; at least one cell even for an empty graph.
  const cell = Math.sqrt((width * height * (options.nodesPerCell ?? 4)) / Math.max(n, 1));
  const cols = Math.max(1, Math.ceil(width / cell));
  const rows = Math.max(1, Math.ceil(height / cell));
  const clampCol = (px: number) => Math.min(cols - 1, Math.max(0, Math.floor(px / cell)));
  const clampRow = (py: number) => Math.min(rows - 1, Math.max(0, Math.floor(py / cell)));

  // Cell contents in CSR form, like the graph's edges.
  const nodeX = new Float64Array(n);
  const nodeY = new Float64Array(n);
  const cellOf = new Uint32Array(n);
  const cellStart = new Uint32Array(cols * rows + 1);
  for (let v = 0; v < n; v++) {
    nodeX[v] = x(graph.lon[v]!);
    nodeY[v] = y(graph.lat[v]!);
    cellOf[v] = clampRow(nodeY[v]!) * cols + clampCol(nodeX[v]!);
    cellStart[cellOf[v]! + 1]!++;
  }
  for (let c = 0; c < cols * rows; c++) cellStart[c + 1]! += cellStart[c]!;
  const cursor = cellStart.slice(0, cols * rows);
  const cellNodes = new Uint32Array(n);
  for (let v = 0; v < n; v++) cellNodes[cursor[cellOf[v]!]!++] = v;

  const marginLat = marginMeters / metersPerDegree;
  const marginLon = marginMeters / (metersPerDegree * cosLat);

  return {
    graph,
    bbox,
    marginMeters,
    isOutside(point) {
      // Written as "not inside" so NaN lands outside too.
      return !(
        point.lat >= bbox.minLat - marginLat &&
        point.lat <= bbox.maxLat + marginLat &&
        point.lon >= bbox.minLon - marginLon &&
        point.lon <= bbox.maxLon + marginLon
      );
    },
    nearest(point) {
      if (n === 0) return -1;
      const px = x(point.lon);
      const py = y(point.lat);
      const col = clampCol(px);
      const row = clampRow(py);
      // The point's projection onto the grid: no node is closer to it than to the point
      // itself, so ring distances measured from here are safe lower bounds.
      const qx = Math.min(Math.max(px, 0), cols * cell);
      const qy = Math.min(Math.max(py, 0), rows * cell);
      let best = -1;
      let bestSq = Number.POSITIVE_INFINITY;
      const maxRing = Math.max(cols, rows);
      for (let ring = 0; ring <= maxRing; ring++) {
        for (let r = row - ring; r <= row + ring; r++) {
          if (r < 0 || r >= rows) continue;
          // Only the ring's border is new: whole top and bottom rows, two cells elsewhere.
          const step = r === row - ring || r === row + ring ? 1 : 2 * ring;
          for (let c = col - ring; c <= col + ring; c += step) {
            if (c < 0 || c >= cols) continue;
            for (let i = cellStart[r * cols + c]!; i < cellStart[r * cols + c + 1]!; i++) {
              const v = cellNodes[i]!;
              const dx = nodeX[v]! - px;
              const dy = nodeY[v]! - py;
              const d = dx * dx + dy * dy;
              if (d < bestSq || (d === bestSq && v < best)) {
                bestSq = d;
                best = v;
              }
            }
          }
        }
        // Every node not yet seen lies beyond this ring: at least as far as the nearest edge of
        // the ring's square from the projected point.
        const reach = Math.min(
          qx - (col - ring) * cell,
          (col + ring + 1) * cell - qx,
          qy - (row - ring) * cell,
          (row + ring + 1) * cell - qy,
        );
        if (best >= 0 && reach * reach >= bestSq) break;
      }
      return best;
    },
  };
}
