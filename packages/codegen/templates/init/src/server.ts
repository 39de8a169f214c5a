// The Greeter server over TCP: `npm run server` (port 7000), `npm run server -- 7001` or
// `PORT=7001 npm run server`. Ctrl-C lets the calls in flight finish, then exits.
import { createServer } from "@rpcgen/runtime";
import { listenTcp } from "@rpcgen/transport-tcp";
import { GreeterDef, type GreeterHandlers } from "./gen/greeter.js";

// Checked against the Greeter interface: a missing method or a wrong type does not compile.
const greeter: GreeterHandlers = {
  greet(req) {
    return { message: `Hello, ${req.name}!` };
  },
  async *greetMany(req, ctx) {
    const times = req.times ?? 3;
    for (let i = 1; i <= times && !ctx.signal.aborted; i++) {
      yield { message: `Hello #${i}, ${req.name}!` };
    }
  },
};

const port = Number(process.argv[2] ?? process.env.PORT ?? 7000);
const server = createServer().add(GreeterDef, greeter);
const listener = await listenTcp(server, { port });
console.log(`listening on ${listener.url}`);

async function stop(signal: NodeJS.Signals): Promise<void> {
  console.log(`${signal}: finishing the calls in flight`);
  await listener.close({ graceMs: 5000 });
  process.exit(0);
}
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
