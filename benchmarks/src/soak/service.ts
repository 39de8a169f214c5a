import {
  type CallContext,
  defineService,
  type HandlersOf,
  method,
  type ServiceOf,
} from "@rpcgen/runtime";

/** What one soak call carries: the client process and a sequence number unique within it. */
export interface Tag {
  client: number;
  seq: number;
}

/** The server's memory, read right after a full garbage collection. */
export interface MemoryStats {
  heapUsed: number;
  rss: number;
  connections: number;
}

/**
 * The soak service: every call shape, each answer derived from its request so a reply that
 * reached the wrong call, arrived twice or went missing is seen by the client.
 */
export const SoakService = defineService("SoakService", {
  echo: method<Tag & { pad: string }, Tag & { pad: string }>()("echo", "unary"),
  count: method<Tag & { n: number }, number>()("count", "server_stream"),
  sum: method<number, number>()("sum", "client_stream"),
  chat: method<string, string>()("chat", "bidi"),
  slow: method<Tag & { ms: number }, Tag>()("slow", "unary"),
  executed: method<{ client: number }, number>()("executed", "unary"),
  memory: method<null, MemoryStats>()("memory", "unary"),
});

/** The service interface. */
export type SoakServiceApi = ServiceOf<typeof SoakService>;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * The implementation. `executions` counts, per client process, the calls whose handler ran:
 * at the end a client's successful calls must not exceed it, nor it their number plus the
 * calls whose outcome the client could not know (cancelled, cut off).
 */
export function soakServiceImpl(memory: () => MemoryStats): HandlersOf<SoakServiceApi> {
  const executions = new Map<number, number>();
  const ran = (client: number): void => {
    executions.set(client, (executions.get(client) ?? 0) + 1);
  };
  return {
    echo(request) {
      ran(request.client);
      return request;
    },
    async *count(request, ctx: CallContext) {
      ran(request.client);
      for (let i = 0; i < request.n; i++) {
        if (i % 16 === 15) await sleep(1, ctx.signal);
        yield i;
      }
    },
    async sum(numbers) {
      let total = 0;
      for await (const n of numbers) total += n;
      return total;
    },
    async *chat(words) {
      for await (const word of words) yield `re:${word}`;
    },
    async slow(request, ctx) {
      ran(request.client);
      await sleep(request.ms, ctx.signal);
      return { client: request.client, seq: request.seq };
    },
    executed: ({ client }) => executions.get(client) ?? 0,
    memory: () => memory(),
  };
}
