/**
 * `rpcgen init`: a starter project, from the templates in the package's `templates/init/`
 * folder, with its code generated so it compiles at once.
 */
export {
  type InitError,
  type InitOptions,
  type InitResult,
  initProject,
  packageName,
  starterLayout,
} from "./init.js";
