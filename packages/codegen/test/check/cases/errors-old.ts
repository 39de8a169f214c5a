// Declared errors before: details compared as responses, wherever a method declares them.
export interface OutOfArea {
  code: "out_of_range";
  point: "from" | "to";
  bounds: { south: number; north: number };
}
export interface Atlas {
  /** @throws {OutOfArea} */
  route(to: string): Promise<string>;
  /** @throws {OutOfArea} */
  routes(to: string): AsyncIterable<string>;
}
