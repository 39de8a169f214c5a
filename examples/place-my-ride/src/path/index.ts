// The routing library PathService runs: a road graph, its builders, nearest-node lookup and
// shortest paths. Pure TypeScript; the RPC wiring lives in src/path-service.
export { largestStronglyConnected, restrictToLargestComponent } from "./components.js";
export { type BBox, formatBBox, formatPoint, haversineMeters, type LatLon } from "./geo.js";
export { type GeoJsonGraph, type GeoJsonOptions, loadGeoJson } from "./geojson.js";
export { NodeHeap } from "./heap.js";
export { buildNearestIndex, type NearestIndex, type NearestIndexOptions } from "./nearest.js";
export {
  defaultSpeedKmh,
  EdgeFlag,
  RoadClass,
  type RoadGraph,
  RoadGraphBuilder,
  roadClassNames,
  subgraph,
} from "./road-graph.js";
export { type PlanAlternativesOptions, planAlternatives, planRoute } from "./route-planner.js";
export {
  type AlternativesOptions,
  type Avoid,
  alternatives,
  aStar,
  avoidMask,
  dijkstra,
  overlap,
  type PathResult,
  type SearchOptions,
} from "./shortest-path.js";
export {
  buildSyntheticCity,
  mulberry32,
  type SyntheticCity,
  type SyntheticCityOptions,
} from "./synthetic-city.js";
