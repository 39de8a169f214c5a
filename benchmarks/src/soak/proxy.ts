import { connect, createServer, type Server, type Socket } from "node:net";

/** A TCP proxy in front of the soak server that cuts connections at random. */
export interface CuttingProxy {
  /** `tcp://127.0.0.1:PORT`. */
  readonly url: string;
  /** Connections cut so far. */
  readonly cuts: number;
  close(): Promise<void>;
}

/**
 * Forwards every connection to `target` and, every `everyMs`, destroys one open connection
 * pair picked at random (both sides at once, as a network failure would).
 */
export async function startCuttingProxy(
  target: { readonly host: string; readonly port: number },
  everyMs: number,
  random: () => number,
): Promise<CuttingProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let cuts = 0;
  const server: Server = createServer((downstream) => {
    const upstream = connect(target);
    const pair: [Socket, Socket] = [downstream, upstream];
    pairs.add(pair);
    const drop = (): void => {
      pairs.delete(pair);
      downstream.destroy();
      upstream.destroy();
    };
    downstream.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    downstream.pipe(upstream);
    upstream.pipe(downstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const timer = setInterval(() => {
    const open = [...pairs];
    const victim = open[Math.floor(random() * open.length)];
    if (victim === undefined) return;
    cuts++;
    victim[0].destroy();
    victim[1].destroy();
    pairs.delete(victim);
  }, everyMs);
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `tcp://127.0.0.1:${port}`,
    get cuts() {
      return cuts;
    },
    async close() {
      clearInterval(timer);
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
