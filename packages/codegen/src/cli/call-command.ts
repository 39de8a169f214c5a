import type { CallOptions, ClientTransport, Metadata } from "@rpcgen/runtime";
import { RpcError } from "@rpcgen/runtime";
import { describeService } from "../call/describe.js";
import { inputSource } from "../call/input.js";
import { invoke } from "../call/invoke.js";
import { jsonText, type OutputFormat } from "../call/json-text.js";
import {
  CallProblem,
  readSchemaFile,
  reflectSchema,
  reflectServices,
  type ServiceSchema,
  serviceIn,
} from "../call/schema-source.js";
import { openTarget, TargetError } from "../call/target.js";
import { describeArgsError, parseCommandArgs } from "./args.js";
import { ExitCode, inputError, usageError } from "./report.js";
import { callUsage } from "./usage.js";

const command = "rpcgen call";

const options = {
  schema: { type: "string", short: "s", value: "<file>" },
  metadata: { type: "string", short: "m", value: "<key=value>", multiple: true },
  timeout: { type: "string", short: "t", value: "<duration>" },
  format: { type: "string", short: "f", value: "json|pretty" },
  list: { type: "boolean", short: "l" },
  describe: { type: "string", short: "d", value: "<Service>" },
  help: { type: "boolean", short: "h" },
} as const;

/** `rpcgen call <target> <Service>.<method> [json | @file | -]`: returns the exit code. */
export async function runCall(args: readonly string[]): Promise<number> {
  const parsed = parseCommandArgs(args, options);
  if (!parsed.ok) return usageError(describeArgsError(parsed.error, command), command);
  const { values, positionals } = parsed;
  if (values.help === true) {
    process.stdout.write(callUsage);
    return ExitCode.Ok;
  }
  const [target, name, input, ...extra] = positionals;
  if (target === undefined) return usageError("no target: rpcgen call <target> ...", command);
  const format = values.format ?? "json";
  if (format !== "json" && format !== "pretty") {
    return usageError(`--format must be json or pretty, got "${format}"`, command);
  }
  const timeoutMs = values.timeout === undefined ? undefined : parseDuration(values.timeout);
  if (timeoutMs === null) {
    return usageError(
      `--timeout must be a duration such as 500ms, 5s or 1m, got "${values.timeout}"`,
      command,
    );
  }
  const metadata = parseMetadata(values.metadata ?? []);
  if (typeof metadata === "string") return usageError(metadata, command);
  const listing = values.list === true || values.describe !== undefined;
  if (values.list === true && values.describe !== undefined) {
    return usageError("--list and --describe cannot be combined", command);
  }
  if (listing ? name !== undefined : extra.length > 0) {
    return usageError(`unexpected argument "${listing ? name : extra[0]}"`, command);
  }
  let method: { service: string; method: string } | undefined;
  if (!listing) {
    const dot = name?.lastIndexOf(".") ?? -1;
    if (name === undefined || dot <= 0 || dot === name.length - 1) {
      return usageError(
        `name the method as <Service>.<method>${name === undefined ? "" : `, got "${name}"`}`,
        command,
      );
    }
    method = { service: name.slice(0, dot), method: name.slice(dot + 1) };
  }

  // A reader that stops reading (`| head`) ends the call, quietly, as it does for other tools.
  const stopped = new AbortController();
  const onOutputError = (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") stopped.abort();
  };
  process.stdout.on("error", onOutputError);
  const callOptions: CallOptions = {
    metadata,
    signal: stopped.signal,
    // Each call gets the whole timeout: the reflection request, then the method call.
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  };
  let transport: ClientTransport | undefined;
  try {
    transport = await openTarget(target);
    const schemaFile =
      values.schema === undefined ? undefined : await readSchemaFile(values.schema);
    const find = (service: string): Promise<ServiceSchema> =>
      schemaFile === undefined
        ? reflectSchema(transport!, service, callOptions)
        : Promise.resolve(serviceIn(schemaFile, service, `--schema ${values.schema}`));

    if (values.list === true) {
      const services = schemaFile?.services ?? (await reflectServices(transport, callOptions));
      for (const service of services) {
        process.stdout.write(`${service.name}\n`);
        for (const m of service.methods) process.stdout.write(`  ${m.name} (${m.kind})\n`);
      }
      return ExitCode.Ok;
    }
    if (values.describe !== undefined) {
      const { schema, service } = await find(values.describe);
      process.stdout.write(describeService(schema, service));
      return ExitCode.Ok;
    }
    const found = await find(method!.service);
    // Loaded only now: compiling validators needs TypeScript; listing and describing do not.
    const { compileDescriptors } = await import("../call/compile.js");
    const descriptors = await compileDescriptors(found.schema).catch((error: unknown) => {
      // The schema passed its checks but not the emitter: say so rather than crash.
      throw new CallProblem(
        `cannot compile the schema of ${found.service.name}: ${(error as Error).message}`,
      );
    });
    const descriptor = descriptors.get(found.service.name);
    if (descriptor === undefined) {
      return inputError(`the schema of ${found.service.name} compiled to no descriptor`);
    }
    await invoke({
      transport,
      target: found,
      descriptor,
      method: method!.method,
      input: input === undefined ? undefined : inputSource(input),
      options: callOptions,
      format: format as OutputFormat,
      stdin: process.stdin,
      print: (text) => {
        if (!stopped.signal.aborted) process.stdout.write(`${text}\n`);
      },
    });
    return ExitCode.Ok;
  } catch (error) {
    if (stopped.signal.aborted) return ExitCode.Ok;
    if (error instanceof RpcError) return inputError(failureText(error));
    if (error instanceof CallProblem || error instanceof TargetError) {
      return inputError(error.message);
    }
    throw error;
  } finally {
    process.stdout.off("error", onOutputError);
    await transport?.close();
  }
}

/**
 * A failed call as `code: message`; a declared error (one with a `type`) adds its type and its
 * details, in the wire form `rpcgen call` prints results in:
 * `out_of_range: from (12.5, 3.1) is outside the map area ...` then
 * `  OutOfArea {"point":"from","bounds":{...}}`.
 */
export function failureText(error: RpcError): string {
  const head = `${error.code}: ${error.message}`;
  if (error.type === undefined) return head;
  const details = error.details === undefined ? "" : ` ${jsonText(error.details, "json")}`;
  return `${head}\n  ${error.type}${details}`;
}

/** `500ms`, `5s`, `1.5s`, `2m`, or a number of milliseconds; null when it is none of these. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text);
  if (match === null) return null;
  const scale = match[2] === "m" ? 60_000 : match[2] === "s" ? 1000 : 1;
  return Math.round(Number(match[1]) * scale);
}

/** `key=value` pairs as metadata, keys lowercased as the protocol wants; or what is wrong. */
function parseMetadata(pairs: readonly string[]): Metadata | string {
  const metadata: Metadata = {};
  for (const pair of pairs) {
    const equals = pair.indexOf("=");
    if (equals <= 0) return `--metadata takes key=value, got "${pair}"`;
    const key = pair.slice(0, equals).toLowerCase();
    if (key.startsWith("rpc-")) return `--metadata ${key}: keys starting with rpc- are reserved`;
    metadata[key] = pair.slice(equals + 1);
  }
  return metadata;
}
