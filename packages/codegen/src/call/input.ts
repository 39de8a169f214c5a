import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { RpcCode, RpcError } from "@rpcgen/runtime";

/**
 * Where a call's input comes from: JSON text given on the command line, `@file` (a file's
 * contents), or `-` (standard input).
 */
export type InputSource =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "stdin" };

/** Reads an input argument as the CLI takes it: `json`, `@file` or `-`. */
export function inputSource(argument: string | undefined): InputSource {
  if (argument === undefined || argument === "-") return { kind: "stdin" };
  if (argument.startsWith("@")) return { kind: "file", path: argument.slice(1) };
  return { kind: "text", text: argument };
}

/** The whole input as one JSON value; a parse error names where it came from. */
export async function readJson(source: InputSource, stdin: Readable): Promise<unknown> {
  const text =
    source.kind === "text"
      ? source.text
      : source.kind === "file"
        ? await readFile(source.path, "utf8")
        : await readAll(stdin);
  return parseJson(text, describeSource(source));
}

/**
 * The input as one JSON value per line, read as it comes (blank lines skipped): the messages
 * of a client stream. A line that is not JSON ends the stream with `invalid_argument` naming
 * the line.
 */
export async function* readJsonLines(
  source: InputSource,
  stdin: Readable,
): AsyncGenerator<{ readonly value: unknown; readonly line: number }> {
  const where = describeSource(source);
  const lines =
    source.kind === "text"
      ? source.text.split("\n")
      : createInterface({
          input: source.kind === "stdin" ? stdin : createReadStream(source.path),
          crlfDelay: Number.POSITIVE_INFINITY,
        });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === "") continue;
    yield { value: parseJson(text, `${where} line ${line}`), line };
  }
}

function describeSource(source: InputSource): string {
  return source.kind === "text" ? "the argument" : source.kind === "file" ? source.path : "stdin";
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RpcError(
      RpcCode.InvalidArgument,
      `${where} is not JSON: ${(error as Error).message}`,
    );
  }
}

async function readAll(stream: Readable): Promise<string> {
  let text = "";
  stream.setEncoding("utf8");
  for await (const chunk of stream) text += chunk as string;
  return text;
}
