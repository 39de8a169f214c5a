/** Help texts, printed by `--help` and on usage errors. */
export const mainUsage = `rpcgen: TypeScript interfaces in, typed RPC clients, servers and validators out

Usage: rpcgen <command> [options]

Commands:
  generate <files...> --out <dir>   generate code and schema from IDL files

Options:
  -h, --help      show help (also: rpcgen <command> --help)
  -v, --version   print the version

Exit codes: 0 ok, 1 a problem in the input, 2 a usage error.
`;

export const generateUsage = `Usage: rpcgen generate <files...> --out <dir> [options]

Reads each TypeScript file and treats every exported interface whose members are all methods
as a service. Writes <name>.ts (descriptors, typed client factory, handler types, compiled
validators) and <name>.schema.json (the schema IR) per input file into --out.

Options:
  -o, --out <dir>        output directory (required)
  -p, --tsconfig <path>  tsconfig.json used to resolve the files' imports
  -w, --watch            regenerate whenever an input changes
      --check            write nothing; exit 1 if the output is missing or out of date
  -h, --help             show this help

Exit codes: 0 ok, 1 errors in the input files (or stale output with --check), 2 usage error.
`;
