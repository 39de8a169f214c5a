/** GeoJSON over @types/geojson: the examples of RFC 7946, judged by TypeScript against the generated decoders. */
import { describeCorpus } from "../support/suite.js";

describeCorpus({
  name: "geojson",
  npm: "@types/geojson",
  version: "7946.0.16",
  units: [{ idl: "services.ts", services: ["GeoStore"], ci: true }],
});
