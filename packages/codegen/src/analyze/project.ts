import { relative, sep } from "node:path";
import type { ProjectSettings } from "./program.js";

/**
 * One line saying which compiler options the IDL was analyzed with, for `--verbose`:
 * `compiler options of services/tsconfig.json (the nearest to the first input): module
 * nodenext, moduleResolution nodenext`, or the defaults when no tsconfig.json was found.
 */
export function describeProject(project: ProjectSettings, cwd: string): string {
  const resolution = `module ${project.module}, moduleResolution ${project.moduleResolution}`;
  if (project.tsconfig === undefined) {
    return `no tsconfig.json found above the first input; default compiler options: strict, ${resolution}`;
  }
  const path = relative(cwd, project.tsconfig).split(sep).join("/") || project.tsconfig;
  const how =
    project.origin === "given" ? "given with --tsconfig" : "the nearest to the first input";
  return `compiler options of ${path} (${how}): ${resolution}`;
}
