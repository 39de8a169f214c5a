/**
 * A geometry store over `@types/geojson`: bbox tuples (4 or 6 numbers), the geometry union
 * tagged by `type`, features and collections with the package's own generic defaults.
 * Responses use the package's `GeoJsonProperties` (`{ [name: string]: any } | null`) as it is;
 * requests spell the properties out, since `any` cannot be checked on the server.
 */
import type {
  BBox,
  Feature,
  FeatureCollection,
  GeoJSON,
  Geometry,
  LineString,
  Point,
  Polygon,
} from "geojson";

/** What a JSON property value can be: the checkable counterpart of the package's `any`. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

export interface GeoStore {
  getObject(id: string): Promise<GeoJSON>;
  getFeatureCollection(id: string): Promise<FeatureCollection>;
  getFeature(id: string): Promise<Feature>;
  getGeometry(id: string): Promise<Geometry>;
  putGeometry(id: string, geometry: Geometry): Promise<BBox>;
  putFeature(feature: Feature<Geometry, { [name: string]: JsonValue } | null>): Promise<void>;
  putFeatures(
    collection: FeatureCollection<Geometry, { [name: string]: JsonValue } | null>,
  ): Promise<number>;
  boundingBox(geometry: Geometry): Promise<BBox>;
  /** Features whose geometry crosses the box, as they are found. */
  within(bbox: BBox): AsyncIterable<Feature<Point | LineString | Polygon>>;
}
