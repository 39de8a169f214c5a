import { serveRaw } from "../raw/serve.js";

// The naive design: plain MessagePack, every message self-contained (see raw/framing.ts).
serveRaw({ records: false });
