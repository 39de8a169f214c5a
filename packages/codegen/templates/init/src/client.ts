// Calls the Greeter server: `npm run client` (port 7000), `npm run client -- 7001` or
// `PORT=7001 npm run client`.
import { tcpTransport } from "@rpcgen/transport-tcp";
import { createGreeterClient } from "./gen/greeter.js";

const port = Number(process.argv[2] ?? process.env.PORT ?? 7000);
const transport = tcpTransport({ host: "127.0.0.1", port });
const greeter = createGreeterClient(transport);

try {
  const hello = await greeter.greet({ name: "Ada" }, { timeoutMs: 5000 });
  console.log(hello.message);
  for await (const greeting of greeter.greetMany({ name: "Ada", times: 2 })) {
    console.log(greeting.message);
  }
} finally {
  // The open connection would keep the process alive.
  await transport.close();
}
