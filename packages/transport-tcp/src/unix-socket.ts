import { lstat, unlink } from "node:fs/promises";
import { connect } from "node:net";

/**
 * Makes `path` free for a Unix-socket listener. A socket file left behind by a process that
 * died without cleaning up (kill -9, power loss) would make `listen` fail with EADDRINUSE, so
 * it is removed, but only when nothing answers on it. A live socket or any other kind of file
 * is never touched.
 */
export async function removeStaleSocket(path: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = (await lstat(path)).isSocket();
  } catch (error) {
    if (errorCode(error) === "ENOENT") return;
    throw error;
  }
  if (!isSocket) {
    throw new Error(`cannot listen on ${path}: it exists and is not a socket`);
  }
  const probe = await probeSocket(path);
  if (probe === "live") {
    throw Object.assign(new Error(`cannot listen on ${path}: another process is listening`), {
      code: "EADDRINUSE",
    });
  }
  if (probe === "stale") {
    try {
      await unlink(path);
    } catch (error) {
      // Another process removed it first: the path is free either way.
      if (errorCode(error) !== "ENOENT") throw error;
    }
  }
}

/** `stale` only for ECONNREFUSED; other failures leave the file for `listen` to report. */
function probeSocket(path: string): Promise<"live" | "stale" | "unknown"> {
  return new Promise((resolve) => {
    const socket = connect({ path });
    socket.once("connect", () => {
      socket.destroy();
      resolve("live");
    });
    socket.once("error", (error) => {
      socket.destroy();
      resolve(errorCode(error) === "ECONNREFUSED" ? "stale" : "unknown");
    });
  });
}

function errorCode(error: unknown): unknown {
  return typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
}
