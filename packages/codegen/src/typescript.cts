// The TypeScript compiler API, loaded with require() rather than import. Imported from an ES
// module, typescript.js (9 MB of CommonJS) is first scanned by Node's ESM loader for its
// module format and export names: ~0.3 s of every CLI start that reads an IDL file, which a
// require() skips. The codegen's ES modules import this file's default export instead of
// "typescript": the same namespace, as a value and for types alike.
import ts = require("typescript");
export = ts;
