/**
 * The command line of one rpcgen command, parsed by rpcgen itself rather than `util.parseArgs`
 * so every mistake is reported as a value the CLI words for the user (`parseArgs` throws
 * messages about positional arguments and `--` that name neither the command nor its help).
 */

/** One option a command accepts. */
export interface OptionSpec {
  readonly type: "string" | "boolean";
  /** A one-letter alias, without the dash (`o` for `-o`). */
  readonly short?: string;
  /** How the value is shown in messages, e.g. `<dir>`; string options only. */
  readonly value?: string;
  /** A string option that may be given more than once (`--metadata a=1 --metadata b=2`). */
  readonly multiple?: boolean;
}

/** The options of one command, by long name (`out` for `--out`). */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/**
 * What was given: a string for a string option (every value in order for a `multiple` one),
 * `true` for a flag, absent when not given.
 */
export type OptionValues<S extends OptionSpecs> = {
  [K in keyof S]?: S[K]["type"] extends "string"
    ? S[K]["multiple"] extends true
      ? string[]
      : string
    : true;
};

/** A command line rpcgen cannot accept, as data; {@link describeArgsError} words it. */
export type ArgsError =
  /** An option the command does not have (`--x`, `-x`). */
  | { readonly code: "unknown-option"; readonly option: string }
  /** A string option without its value (`--out` last, or followed by another option). */
  | { readonly code: "missing-value"; readonly option: string; readonly value: string }
  /** A value given to a flag (`--check=yes`). */
  | { readonly code: "unexpected-value"; readonly option: string; readonly given: string }
  /** A string option given twice (`--out a --out b`): one would silently win. */
  | { readonly code: "repeated-option"; readonly option: string };

/** The parsed command line, or the first thing wrong with it. */
export type ParsedArgs<S extends OptionSpecs> =
  | { readonly ok: true; readonly values: OptionValues<S>; readonly positionals: string[] }
  | { readonly ok: false; readonly error: ArgsError };

/**
 * Parses `args` against `specs`: `--name value`, `--name=value`, `-n value`, `-nvalue`, flag
 * groups (`-wh`), and `--` before positionals that start with a dash. Options and positionals
 * may come in any order. A value that looks like an option (`--out --check`) is taken as a
 * missing value: write `--out=-dir` for a directory whose name starts with a dash.
 */
export function parseCommandArgs<S extends OptionSpecs>(
  args: readonly string[],
  specs: S,
): ParsedArgs<S> {
  const values: Record<string, string | string[] | true> = {};
  const positionals: string[] = [];
  const byShort = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.short !== undefined) byShort.set(spec.short, name);
  }
  const fail = (error: ArgsError): ParsedArgs<S> => ({ ok: false, error });
  /** Records one option; returns an error, or how many following args it consumed. */
  const take = (name: string, inline: string | undefined, next: string | undefined) => {
    const spec = specs[name]!;
    const option = `--${name}`;
    if (spec.type === "boolean") {
      if (inline !== undefined) return fail({ code: "unexpected-value", option, given: inline });
      values[name] = true;
      return 0;
    }
    const fromNext = next === undefined || looksLikeOption(next) ? undefined : next;
    const value = inline === undefined ? fromNext : inline === "" ? undefined : inline;
    if (value === undefined) {
      return fail({ code: "missing-value", option, value: spec.value ?? "<value>" });
    }
    const before = values[name];
    if (spec.multiple === true) values[name] = [...(Array.isArray(before) ? before : []), value];
    else if (before !== undefined) return fail({ code: "repeated-option", option });
    else values[name] = value;
    return inline === undefined ? 1 : 0;
  };

  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!looksLikeOption(arg)) {
      positionals.push(arg);
      continue;
    }
    if (arg.startsWith("--")) {
      const equals = arg.indexOf("=");
      const name = arg.slice(2, equals === -1 ? undefined : equals);
      if (!Object.hasOwn(specs, name)) return fail({ code: "unknown-option", option: `--${name}` });
      const taken = take(name, equals === -1 ? undefined : arg.slice(equals + 1), args[i + 1]);
      if (typeof taken !== "number") return taken;
      i += taken;
      continue;
    }
    // A short option or a group of them: flags until a string option, which takes the rest.
    for (let j = 1; j < arg.length; j++) {
      const name = byShort.get(arg.charAt(j));
      if (name === undefined) return fail({ code: "unknown-option", option: `-${arg.charAt(j)}` });
      const rest = arg.slice(j + 1);
      const isString = specs[name]!.type === "string";
      const taken = take(name, isString && rest !== "" ? rest : undefined, args[i + 1]);
      if (typeof taken !== "number") return taken;
      i += taken;
      if (isString) break;
    }
  }
  return { ok: true, values: values as OptionValues<S>, positionals };
}

/** `-x`, `--x`; not `-` alone (a conventional name for stdin) nor `--`. */
function looksLikeOption(arg: string): boolean {
  return arg.length > 1 && arg.startsWith("-") && arg !== "--";
}

/** The error in rpcgen's words, for `rpcgen <command>`: `unknown option --x for "rpcgen generate"`. */
export function describeArgsError(error: ArgsError, command: string): string {
  switch (error.code) {
    case "unknown-option":
      return `unknown option ${error.option} for "${command}"`;
    case "missing-value":
      return `${error.option} needs a value: ${error.option} ${error.value}`;
    case "unexpected-value":
      return `${error.option} takes no value, but was given "${error.given}"`;
    case "repeated-option":
      return `${error.option} is given twice; give it once`;
  }
}
