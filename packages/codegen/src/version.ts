/** Written into every generated file's header. */
export const generatorVersion = "0.1.0";
