// A type shared by two methods and a recursive type, before.
export interface Place {
  name: string;
  kind: "city" | "town";
}
export interface Region {
  name: string;
  children: Region[];
}
export interface Atlas {
  find(name: string): Promise<Place>;
  nearby(place: Place): AsyncIterable<Place>;
  tree(root: string): Promise<Region>;
}
