import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

/**
 * How busy the machine is, so a run on a shared box says so instead of publishing noise. On a
 * 2-core machine one other busy process halves what a peer can get.
 */

/** Machine-wide CPU counters from /proc/stat in clock ticks (USER_HZ, 100 per second). */
export function cpuTimes(): { busy: number; total: number } | undefined {
  let text: string;
  try {
    text = readFileSync("/proc/stat", "utf8");
  } catch {
    return undefined;
  }
  const fields = text.split("\n", 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal ...; idle and iowait count as not busy.
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** Fraction (0..1) of all CPUs in use over the next `ms`, or undefined off Linux. */
export async function sampleBusy(ms = 500): Promise<number | undefined> {
  const before = cpuTimes();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = cpuTimes();
  if (before === undefined || after === undefined) return undefined;
  const total = after.total - before.total;
  return total <= 0 ? 0 : (after.busy - before.busy) / total;
}

/**
 * Waits until the machine has been quiet (under `threshold` busy) for one sample, for at most
 * `maxWaitMs`. Returns the last busy fraction seen.
 */
export async function waitForQuiet(
  threshold: number,
  maxWaitMs: number,
): Promise<number | undefined> {
  const deadline = performance.now() + maxWaitMs;
  for (;;) {
    const busy = await sampleBusy();
    if (busy === undefined || busy < threshold || performance.now() > deadline) return busy;
  }
}

/** Clock ticks per second in /proc/stat; 100 on every mainstream Linux. */
const ticksPerSecond = 100;

/**
 * The share of all CPUs used by processes other than ours between two {@link cpuTimes}
 * readings, given the CPU time our processes used (ms). Near 0 on a quiet machine.
 */
export function foreignShare(
  before: { busy: number; total: number } | undefined,
  after: { busy: number; total: number } | undefined,
  ourCpuMs: number,
): number | undefined {
  if (before === undefined || after === undefined) return undefined;
  const total = after.total - before.total;
  if (total <= 0) return undefined;
  const ours = (ourCpuMs / 1000) * ticksPerSecond;
  return Math.max(0, (after.busy - before.busy - ours) / total);
}

/**
 * The commit the measured code is at, and whether packages/ had uncommitted changes: numbers
 * only mean something next to the code they measured.
 */
export function codeVersion(cwd: string): { commit: string; dirty: boolean } | undefined {
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd, encoding: "utf8" });
  if (head.status !== 0) return undefined;
  const status = spawnSync("git", ["status", "--porcelain", "--", "../packages"], {
    cwd,
    encoding: "utf8",
  });
  return { commit: head.stdout.trim(), dirty: status.stdout.trim() !== "" };
}
