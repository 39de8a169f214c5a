import { spawn } from "node:child_process";
import { createServer, RpcCode, RpcError, type Server } from "@rpcgen/runtime";
import { expect } from "vitest";
import { HangService, hangServiceImpl } from "../fixtures/hang-service.js";

/**
 * Serves HangService through `listen`, runs `clientFixture` (a TypeScript file given the URL)
 * in a child process until both HangService handlers run, kills the child with SIGKILL, and
 * checks that both handlers' signals were aborted with `cancelled`, with a message matching
 * `why`. The same check for every transport.
 */
export async function expectPeerDeathCancels(options: {
  readonly listen: (server: Server) => Promise<{ url: string; close(): Promise<void> }>;
  readonly clientFixture: string;
  readonly why: RegExp;
}): Promise<void> {
  const reasons = new Map<string, unknown>();
  const started = new Set<string>();
  let bothStarted!: () => void;
  const running = new Promise<void>((resolve) => {
    bothStarted = resolve;
  });
  let bothAborted!: () => void;
  const done = new Promise<void>((resolve) => {
    bothAborted = resolve;
  });
  const server = createServer().add(
    HangService,
    hangServiceImpl(
      (method, reason) => {
        reasons.set(method, reason);
        if (reasons.size === 2) bothAborted();
      },
      (method) => {
        started.add(method);
        if (started.size === 2) bothStarted();
      },
    ),
  );
  const listener = await options.listen(server);
  const child = spawn(
    process.execPath,
    ["--conditions=@rpcgen/source", "--import", "tsx", options.clientFixture, listener.url],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  const exitedEarly = new Promise<never>((_, reject) => {
    child.once("exit", (code, signal) => {
      if (signal !== "SIGKILL") reject(new Error(`client exited early (code ${code})`));
    });
  });
  try {
    await Promise.race([running, exitedEarly]);
    child.kill("SIGKILL");
    await done;
    for (const method of ["wait", "watch"]) {
      const reason = reasons.get(method);
      expect(reason).toBeInstanceOf(RpcError);
      expect((reason as RpcError).code).toBe(RpcCode.Cancelled);
      expect((reason as RpcError).message).toMatch(options.why);
    }
  } finally {
    child.kill("SIGKILL");
    await listener.close();
  }
}
