// Declared errors after: `point` may be "via", `bounds.north` is gone, `hint` is new.
export interface OutOfArea {
  code: "out_of_range";
  point: "from" | "to" | "via";
  bounds: { south: number };
  hint?: string;
}
export interface Atlas {
  /** @throws {OutOfArea} */
  route(to: string): Promise<string>;
  /** @throws {OutOfArea} */
  routes(to: string): AsyncIterable<string>;
}
