import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnStdio } from "@rpcgen/transport-stdio";
import { main, runClientProcess } from "../../shared/child.js";
import { benchDir } from "../../shared/spawn.js";
import { benchClient } from "../rpcgen/bench-client.js";

const childScript = fileURLToPath(new URL("./child.ts", import.meta.url));

main(() =>
  runClientProcess(async ({ path }) => {
    if (path === undefined) throw new Error("the rpcgen-stdio server announced no directory");
    // The child runs on the server's CPU, as every other peer's server does.
    const cpus = readFileSync(join(path, "cpus"), "utf8").trim();
    const transport = spawnStdio(
      "taskset",
      ["-c", cpus, process.execPath, "--conditions=@rpcgen/source", "--import", "tsx", childScript],
      { cwd: benchDir, reconnect: false },
    );
    await transport.connect();
    const registered = join(path, String(transport.pid));
    writeFileSync(registered, "");
    const client = benchClient(transport);
    return {
      ...client,
      async close() {
        await client.close();
        rmSync(registered, { force: true });
      },
    };
  }),
);
