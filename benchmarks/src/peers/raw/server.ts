import { serveRaw } from "./serve.js";

// The tuned reference: msgpackr records, each shape once per connection (see framing.ts).
serveRaw({ records: true });
