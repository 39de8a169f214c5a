/**
 * The source of the HTTP server the Python client's kinds tests call: KindsService (from
 * fixtures/kinds.ts) on the code `rpcgen generate` wrote into `./gen/`, listening on port 0 and
 * printing `listening on <url>`. Written next to the generated code and run as a child.
 */
export const kindsServerSource = `import { createServer } from "@rpcgen/runtime";
import { listenHttp } from "@rpcgen/transport-http/server";
import { type Everything, type KindsServiceHandlers, KindsServiceDef } from "./gen/kinds.js";

const handlers: KindsServiceHandlers = {
  echo(value) {
    // "break" answers with a wrong type deep inside, which the client's checks must refuse.
    if (value.text !== "break") return value;
    const broken = { ...value, tree: { name: "root", children: [{ name: 5, children: [] }] } };
    return broken as unknown as Everything;
  },
  anything: () => ({ list: [1, "two", null, { three: true }] }),
  ping: () => undefined,
  greet(name, times, color, ctx) {
    if (name === "Mallory") throw ctx.error("Unwelcome", { name, since: new Date(0) });
    if (times > 9) throw ctx.error("Tired", {});
    const greeting = ctx.metadata["x-greeting"] ?? "Hi";
    return \`\${greeting} \${name} x\${times}\${color === undefined ? "" : \` \${color}\`}\`;
  },
  async *count(upTo, ctx) {
    // A negative count sends 0, then waits for the call to end: its deadline, say.
    for (let i = 0; i < Math.abs(upTo); i++) yield i;
    if (upTo >= 0) return;
    await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
  },
  hang: (ctx) =>
    new Promise((_, reject) => ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason))),
  async upload(values) {
    let total = 0;
    for await (const value of values) total += value;
    return total;
  },
};

const listener = await listenHttp(createServer().add(KindsServiceDef, handlers), {
  port: 0,
  host: "127.0.0.1",
});
process.stdout.write(\`listening on \${listener.url}\\n\`);
// The test's stdin is this server's lifeline.
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
`;
