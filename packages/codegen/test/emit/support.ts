import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  type Decoder,
  type Encoder,
  type MethodDescriptor,
  RpcCode,
  RpcError,
  type ServiceDescriptor,
} from "@rpcgen/runtime";
import { expect } from "vitest";
import { emit } from "../../src/emit/index.js";
import type { Schema } from "../../src/ir/schema.js";

const here = dirname(fileURLToPath(import.meta.url));
/** Hand-written IR and the IDL files it describes. */
export const fixtures = join(here, "..", "fixtures", "ir-handwritten");
/** Scratch space inside the repository (gitignored), so generated code resolves the workspace. */
export const scratch = join(here, "..", ".tmp");

/** A generated module written to disk next to a copy of its IDL file. */
export interface Generated {
  readonly code: string;
  readonly dir: string;
  readonly file: string;
}

/**
 * Emits `schema` into `.tmp/<name>/<name>.gen.ts`, next to a copy of the IDL file it imports
 * (`idl`, a file name in the fixtures folder). `name` must be unique across test files.
 */
export function writeGenerated(schema: Schema, name: string, idl: string): Generated {
  const dir = join(scratch, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(fixtures, idl), join(dir, idl));
  const code = emit(schema, { generatorVersion: "0.0.0-test" });
  const file = join(dir, `${name}.gen.ts`);
  writeFileSync(file, code);
  return { code, dir, file };
}

/** Emits, writes and imports a generated module. */
export async function loadGenerated(
  schema: Schema,
  name: string,
  idl: string,
): Promise<Record<string, unknown>> {
  const { file } = writeGenerated(schema, name, idl);
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

/** The descriptor of one method of a generated service. */
export function methodOf(
  module: Record<string, unknown>,
  service: string,
  method: string,
): MethodDescriptor {
  const def = module[`${service}Def`] as ServiceDescriptor;
  const found = def.methods[method];
  if (found === undefined) throw new Error(`no method ${service}.${method}`);
  return found;
}

/** The request and response decoders and encoders of one method, failing if one is missing. */
export function codecsOf(module: Record<string, unknown>, service: string, method: string) {
  const descriptor = methodOf(module, service, method);
  const need = <T>(fn: T | undefined, what: string): T => {
    if (fn === undefined) throw new Error(`${service}.${method} has no ${what}`);
    return fn;
  };
  return {
    decodeRequest: (value: unknown) =>
      need<Decoder>(descriptor.decodeRequest, "decodeRequest")(value),
    decodeResponse: (value: unknown) =>
      need<Decoder>(descriptor.decodeResponse, "decodeResponse")(value),
    encodeRequest: (value: unknown) =>
      need<Encoder>(descriptor.encodeRequest, "encodeRequest")(value),
    encodeResponse: (value: unknown) =>
      need<Encoder>(descriptor.encodeResponse, "encodeResponse")(value),
  };
}

/** Asserts `run` throws `invalid_argument` with exactly `message` (which starts with the path). */
export function expectInvalid(run: () => unknown, message: string): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected the error ${message}`).toBeInstanceOf(RpcError);
  const error = thrown as RpcError;
  expect(error.message).toBe(message);
  expect(error.code).toBe(RpcCode.InvalidArgument);
}

/** A deep copy through JSON, so a test's input is fresh for each decode. */
export function fresh<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Writes a file into a generated module's folder (a consumer for type tests). */
export function writeBeside(generated: Generated, name: string, text: string): string {
  const file = join(generated.dir, name);
  writeFileSync(file, text);
  return file;
}
