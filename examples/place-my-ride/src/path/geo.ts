/** A point on the map, in degrees (WGS 84). Structurally the same as the IDL's `LatLon`. */
export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

/** A latitude/longitude rectangle, in degrees. */
export interface BBox {
  readonly minLat: number;
  readonly maxLat: number;
  readonly minLon: number;
  readonly maxLon: number;
}

/** Mean Earth radius (IUGG), the radius haversine distances are measured on. */
export const earthRadiusMeters = 6_371_008.8;

const toRad = Math.PI / 180;

/** Meters along the ground per degree of latitude; per degree of longitude multiply by cos(lat). */
export const metersPerDegree = earthRadiusMeters * toRad;

/**
 * Great-circle distance in meters. Edge lengths are never shorter than this between their ends,
 * which is what keeps the A* heuristic (this distance over the top speed) admissible.
 */
export function haversineMeters(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const sinDLat = Math.sin((lat2 - lat1) * toRad * 0.5);
  const sinDLon = Math.sin((lon2 - lon1) * toRad * 0.5);
  const a = sinDLat * sinDLat + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * sinDLon * sinDLon;
  return 2 * earthRadiusMeters * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** The smallest box holding every point; an empty input gives an inverted (empty) box. */
export function bboxOf(lat: Float64Array, lon: Float64Array): BBox {
  let minLat = Number.POSITIVE_INFINITY;
  let maxLat = Number.NEGATIVE_INFINITY;
  let minLon = Number.POSITIVE_INFINITY;
  let maxLon = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < lat.length; i++) {
    const la = lat[i]!;
    const lo = lon[i]!;
    if (la < minLat) minLat = la;
    if (la > maxLat) maxLat = la;
    if (lo < minLon) minLon = lo;
    if (lo > maxLon) maxLon = lo;
  }
  return { minLat, maxLat, minLon, maxLon };
}

/** `(48.8566, 2.3522)`: how points appear in error messages, as the caller wrote them. */
export function formatPoint(point: LatLon): string {
  return `(${point.lat}, ${point.lon})`;
}

/**
 * `(48.80..48.90, 2.30..2.40)`: a map area in error messages, in hundredths of a degree (~1 km)
 * rounded outwards, so a point the message calls inside is never refused for rounding.
 */
export function formatBBox(box: BBox): string {
  const down = (x: number) => (Math.floor(x * 100) / 100).toFixed(2);
  const up = (x: number) => (Math.ceil(x * 100) / 100).toFixed(2);
  return `(${down(box.minLat)}..${up(box.maxLat)}, ${down(box.minLon)}..${up(box.maxLon)})`;
}
