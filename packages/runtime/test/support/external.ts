/**
 * The programs and servers outside Node that some tests need, and the one rule for all of
 * them: on a developer's machine a missing one skips its tests with one printed line saying
 * why, so `pnpm test` passes for a newcomer; under `CI=true` (.ci/run provides every one) it
 * is a failing test saying what is missing, so CI never passes by skipping.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { connect as connectTcp, type Socket } from "node:net";
import { relative } from "node:path";
import { connect as connectTls } from "node:tls";
import { expect, test } from "vitest";

/** Debian's chromium, or the executable `RPCGEN_TEST_CHROMIUM` names. */
export const chromiumPath = process.env.RPCGEN_TEST_CHROMIUM || "/usr/bin/chromium";

/** Chromium's arguments for tests: headless, with nothing that reaches beyond loopback. */
export const chromiumFlags: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The Redis the tests use: `REDIS_URL`, or the one on this machine. */
export const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";

/** The NATS server the tests use: `NATS_URL`, or the one on this machine. */
export const natsUrl = process.env.NATS_URL || "nats://127.0.0.1:4222";

/** The nats-server binary tests start their own servers with, or `RPCGEN_TEST_NATS_SERVER`. */
export const natsServerPath = process.env.RPCGEN_TEST_NATS_SERVER || "/usr/sbin/nats-server";

interface Part {
  /** What the tests need, as a phrase: `the openssl binary`. */
  readonly what: string;
  /** How .ci/run provides it, for the failure under CI. */
  readonly ci: string;
  /** Why it is not usable here, or `undefined` when it is. */
  probe(): Promise<string | undefined>;
}

const parts = {
  openssl: {
    what: "the openssl binary",
    ci: ".ci/run installs it with apt-get (package openssl)",
    probe: async () => onPath("openssl", ["version"]),
  },
  curl: {
    what: "the curl binary",
    ci: ".ci/run installs it with apt-get (package curl)",
    probe: async () => onPath("curl", ["--version"]),
  },
  chromium: {
    what: `chromium at ${chromiumPath}`,
    ci: ".ci/run installs Debian's chromium with apt-get (package chromium)",
    probe: async () => executable(chromiumPath),
  },
  redis: {
    what: `Redis at ${redisUrl}`,
    ci: ".ci/run starts redis-server on 127.0.0.1:6379",
    probe: () => pingRedis(redisUrl),
  },
  nats: {
    what: `NATS at ${natsUrl}`,
    ci: ".ci/run starts nats-server with JetStream on 127.0.0.1:4222",
    probe: () => pingNats(natsUrl),
  },
  python3: {
    what: "the python3 binary",
    ci: ".ci/run installs it with apt-get (package python3)",
    probe: async () => onPath("python3", ["--version"]),
  },
  mypy: {
    what: "the mypy binary",
    ci: ".ci/run installs it with apt-get (package mypy)",
    probe: async () => onPath("mypy", ["--version"]),
  },
  "nats-server": {
    what: `the nats-server binary at ${natsServerPath}`,
    ci: ".ci/run installs it with apt-get (package nats-server)",
    probe: async () => executable(natsServerPath),
  },
} satisfies Record<string, Part>;

export type ExternalPart = keyof typeof parts;

/**
 * Whether `part` is here for the tests of `group` (e.g. `"TLS tests"`), which the caller runs
 * only when this returns true (`describe.runIf`). When it is missing this returns false and,
 * under `CI=true`, registers a failing test naming what is missing; otherwise it prints one
 * line: `skip: <group> (<test file>): <why>; CI=true makes this a failure`.
 */
export async function needs(part: ExternalPart, group: string): Promise<boolean> {
  const { what, ci, probe } = parts[part];
  const why = await probe();
  if (why === undefined) return true;
  if (process.env.CI === "true") {
    test(`${group} find ${what}`, () => {
      throw new Error(`${why}: the ${group} need it under CI=true, and ${ci}`);
    });
  } else {
    const file = relative(process.cwd(), expect.getState().testPath ?? "?");
    // Straight to stderr: vitest would wrap console output in a header line of its own.
    process.stderr.write(`skip: ${group} (${file}): ${why}; CI=true makes this a failure\n`);
  }
  return false;
}

function onPath(command: string, args: string[]): string | undefined {
  const run = spawnSync(command, args, { stdio: "ignore" });
  if (run.error !== undefined) {
    return (run.error as NodeJS.ErrnoException).code === "ENOENT"
      ? `${command} is not on PATH`
      : `${command} could not run (${run.error.message})`;
  }
  return run.status === 0
    ? undefined
    : `\`${command} ${args.join(" ")}\` exited with ${run.status}`;
}

function executable(path: string): string | undefined {
  try {
    accessSync(path, constants.X_OK);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT"
      ? `${path} not found`
      : `${path} is not executable`;
  }
}

/**
 * Asks the Redis at `url` for a PING (after AUTH when the URL carries a password); a server
 * that refuses, stays silent for two seconds or answers anything but PONG is not usable.
 */
function pingRedis(url: string): Promise<string | undefined> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[(.*)\]$/, "$1") || "127.0.0.1";
  const port = Number(target.port || 6379);
  const commands: string[][] = [];
  if (target.password !== "") {
    const password = decodeURIComponent(target.password);
    commands.push(
      target.username === ""
        ? ["AUTH", password]
        : ["AUTH", decodeURIComponent(target.username), password],
    );
  }
  commands.push(["PING"]);
  const request = commands
    .map(
      (words) =>
        `*${words.length}\r\n${words.map((w) => `$${Buffer.byteLength(w)}\r\n${w}\r\n`).join("")}`,
    )
    .join("");
  return new Promise((resolve) => {
    const socket: Socket =
      target.protocol === "rediss:"
        ? connectTls({ host, port, servername: host }, () => socket.write(request))
        : connectTcp({ host, port }, () => socket.write(request));
    let answered = "";
    const finish = (why: string | undefined) => {
      socket.destroy();
      resolve(why === undefined ? undefined : `Redis at ${url} ${why}`);
    };
    socket.setTimeout(2_000, () => finish("did not answer within 2 s"));
    socket.on("error", (error) => finish(`is not reachable (${error.message})`));
    socket.on("close", () => finish("closed the connection without answering PING"));
    socket.setEncoding("utf8").on("data", (chunk: string) => {
      answered += chunk;
      const replies = answered.split("\r\n");
      if (replies.length <= commands.length) return;
      const refused = replies.slice(0, commands.length).find((reply) => reply.startsWith("-"));
      if (refused !== undefined) finish(`refused: ${refused.slice(1)}`);
      else if (replies[commands.length - 1] !== "+PONG")
        finish(`answered ${replies[commands.length - 1]} to PING`);
      else finish(undefined);
    });
  });
}

/**
 * Reads the INFO line a NATS server sends on connect; a server that refuses, stays silent for
 * two seconds or greets with anything else is not usable.
 */
function pingNats(url: string): Promise<string | undefined> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[(.*)\]$/, "$1") || "127.0.0.1";
  const port = Number(target.port || 4222);
  return new Promise((resolve) => {
    const socket = connectTcp({ host, port });
    let greeting = "";
    const finish = (why: string | undefined) => {
      socket.destroy();
      resolve(why === undefined ? undefined : `NATS at ${url} ${why}`);
    };
    socket.setTimeout(2_000, () => finish("did not greet within 2 s"));
    socket.on("error", (error) => finish(`is not reachable (${error.message})`));
    socket.on("close", () => finish("closed the connection without an INFO line"));
    socket.setEncoding("utf8").on("data", (chunk: string) => {
      greeting += chunk;
      if (!greeting.includes("\r\n")) return;
      finish(greeting.startsWith("INFO ") ? undefined : `greeted with ${greeting.slice(0, 40)}`);
    });
  });
}
