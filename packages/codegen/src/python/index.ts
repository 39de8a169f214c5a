/**
 * `rpcgen generate --lang python`: a typed Python client module per IDL file (docs/python.md).
 */
export { type EmitPythonOptions, emitPython } from "./emit.js";
export { generatePython, pythonModuleName, writePython } from "./write.js";
