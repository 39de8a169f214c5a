/** Help texts, printed by `--help`; usage errors point to them. */
export const mainUsage = `rpcgen: TypeScript interfaces in, typed RPC clients, servers and validators out

Usage: rpcgen <command> [options]

Commands:
  generate <files...> --out <dir>                generate code and schema from IDL files
  skeleton <files...> --gen <dir> --out <file>   write a server whose methods are stubs
  init <dir>                                     create a starter project

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
  -p, --tsconfig <path>  tsconfig.json used to resolve the files' imports (default: the
                         nearest tsconfig.json above the first file; none: bundler resolution)
  -w, --watch            regenerate whenever an input changes
      --check            write nothing; exit 1 if the output is missing or out of date
      --verbose          also say which tsconfig.json and module resolution were used
  -h, --help             show this help

Exit codes: 0 ok, 1 errors in the input files (or stale output with --check), 2 usage error.
`;

export const skeletonUsage = `Usage: rpcgen skeleton <files...> --gen <dir> --out <file> [options]

Writes a server skeleton for the services of the IDL files: one implementation per service
whose every method throws unimplemented, typed against the generated handler types, and a
function creating a server with all of them. First generates the code into --gen, exactly as
\`rpcgen generate <files...> --out <dir>\` does. Never overwrites --out: if it exists, nothing
is written and the exit code is 1.

Options:
  -g, --gen <dir>        the generated code's directory, as given to generate --out (required)
  -o, --out <file>       the skeleton to create, e.g. src/server.ts (required)
  -p, --tsconfig <path>  tsconfig.json used to resolve the files' imports
  -h, --help             show this help

Exit codes: 0 ok, 1 --out exists or errors in the input files, 2 usage error.
`;

export const initUsage = `Usage: rpcgen init <dir>

Creates a starter project in <dir> (new, or empty but for .git): a Greeter service
(services/greeter.ts), its generated code (src/gen/), a TCP server (src/server.ts), a client
(src/client.ts), package.json, tsconfig.json, .gitignore and a README. Never overwrites a
file. Then: cd <dir>, npm install, npm run server, and npm run client in another terminal.

Options:
  -h, --help   show this help

Exit codes: 0 ok, 1 <dir> is a file or not empty, 2 usage error.
`;
