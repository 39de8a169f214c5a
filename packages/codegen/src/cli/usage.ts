/** Help texts, printed by `--help`; usage errors point to them. */
export const mainUsage = `rpcgen: TypeScript interfaces in, typed RPC clients, servers and validators out

Usage: rpcgen <command> [options]

Commands:
  generate <files...> --out <dir>                generate code and schema from IDL files
  skeleton <files...> --gen <dir> --out <file>   write a server whose methods are stubs
  init <dir>                                     create a starter project
  call <target> <Service>.<method> [json]        call a method of a running server
  check <old> <new>                              list the changes that break clients or servers

Options:
  -h, --help      show help (also: rpcgen <command> --help)
  -v, --version   print the version

Exit codes: 0 ok, 1 a problem in the input, 2 a usage error.
`;

export const generateUsage = `Usage: rpcgen generate <files...> --out <dir> [options]

Reads each TypeScript file and treats every exported interface whose members are all methods
as a service. Writes <name>.ts (descriptors, typed client factory, handler types, compiled
validators) and <name>.schema.json (the schema IR) per input file into --out. With --lang
python, writes <name>.py instead: a typed Python 3.10+ client over HTTP+JSON (docs/python.md).

Options:
  -o, --out <dir>        output directory (required)
  -l, --lang <lang>      typescript (default) or python
  -p, --tsconfig <path>  tsconfig.json used to resolve the files' imports (default: the
                         nearest tsconfig.json above the first file; none: bundler resolution)
  -w, --watch            generate, then after each edit regenerate the inputs that import
                         the changed files, one line per run
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

export const callUsage = `Usage: rpcgen call <target> <Service>.<method> [json | @file | -] [options]
       rpcgen call <target> --list
       rpcgen call <target> --describe <Service>

Calls one method of a running server and prints the result as JSON. <target> is a URL as a
listener prints it: tcp://host:port, unix:/path, tls://host:port, http(s)://host:port,
ws(s)://host:port/path, nats://host:port, or stdio:<command> to run the server as a child.
The transport package for the scheme must be installed (@rpcgen/transport-tcp, -http, -ws,
-nats, -stdio).

The schema comes from the server's reflection service (addReflection in @rpcgen/runtime) or
from --schema. The request is JSON: the argument itself for a method with one parameter, an
object keyed by parameter names otherwise; Dates as ISO strings, bigints as decimal strings,
Uint8Array as base64, Maps as [key, value] pairs, Sets as arrays. It is checked with the
generated validators before anything is sent, errors naming the path. A server stream prints
one JSON value per line; a client stream reads one JSON value per line (from stdin, or the
file given as @file).

Options:
  -s, --schema <file>          the service's <name>.schema.json instead of reflection
  -m, --metadata <key=value>   request metadata; repeat for more keys
  -t, --timeout <duration>     deadline of the call, and of the reflection request before it:
                               500ms, 5s, 1m (default: none)
  -f, --format json|pretty     one line per value (default), or indented
  -l, --list                   list the services and their methods
  -d, --describe <Service>     print the service's methods and types as TypeScript
  -h, --help                   show this help

Exit codes: 0 ok, 1 the call failed (its code and message are printed) or the request is
invalid, 2 usage error.
`;

export const checkUsage = `Usage: rpcgen check <old> <new> [options]
       rpcgen check --against <git ref> <files...> [options]

Compares two versions of a service definition and lists every change that matters to the
clients and servers already deployed: breaking ones (a method removed, a required field added
to a request, a union narrowed in a response, a constraint tightened on a request, ...) and
safe ones, each with the rule's name and its location in the new version. Each version is an
IDL file or a <name>.schema.json; with --against, each IDL file of the work tree is compared
with the same file at the git ref (a branch, tag or commit). The rules are described in
docs/compatibility.md.

Options:
  -a, --against <git ref>   compare the files with their version at this ref
      --json                print the findings as JSON, for CI
  -h, --help                show this help

Exit codes: 0 no breaking change, 1 a breaking change (or errors in the input files), 2 usage
error.
`;
