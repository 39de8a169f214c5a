import { connect } from "@nats-io/transport-node";
import { createClient, createServer } from "@rpcgen/runtime";
import { describe, expect, it } from "vitest";
import { TestService, testServiceImpl } from "../../runtime/test/fixtures/echo-service.js";
import { natsUrl, needs } from "../../runtime/test/support/external.js";
import { natsTransport, serveNats } from "../src/index.js";
import { uniquePrefix } from "./fixtures/replicas.js";

describe.runIf(await needs("nats", "NATS connection tests"))(
  "a NATS connection of one's own",
  () => {
    it("serves and calls over given connections, and leaves them open on close", async () => {
      const prefix = uniquePrefix();
      const serverNc = await connect({ servers: natsUrl });
      const clientNc = await connect({ servers: natsUrl });
      try {
        const replica = await serveNats(createServer().add(TestService, testServiceImpl), {
          connection: serverNc,
          subjectPrefix: prefix,
        });
        expect(replica.url).toBe(`nats://${serverNc.getServer()}/${prefix}`);
        const transport = natsTransport({ connection: clientNc, subjectPrefix: prefix });
        const client = createClient(TestService, transport);
        expect(await client.echo({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
        const items: number[] = [];
        for await (const i of client.count({ n: 3 })) items.push(i);
        expect(items).toEqual([0, 1, 2]);
        await transport.close();
        await replica.close();
        expect(clientNc.isClosed()).toBe(false);
        expect(serverNc.isClosed()).toBe(false);
      } finally {
        await Promise.all([serverNc.close(), clientNc.close()]);
      }
    });
  },
);
