/** A point on the map, in degrees (WGS 84). */
export interface LatLon {
  /**
   * @minimum -90
   * @maximum 90
   */
  lat: number;
  /**
   * @minimum -180
   * @maximum 180
   */
  lon: number;
}
