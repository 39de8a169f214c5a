// A type shared by two methods and a recursive type, after.
export interface Place {
  name: string;
  kind: "city" | "town" | "village";
}
export interface Region {
  name: string;
  children: Region[];
  population: number;
}
export interface Atlas {
  find(name: string): Promise<Place>;
  nearby(place: Place): AsyncIterable<Place>;
  tree(root: string): Promise<Region>;
}
