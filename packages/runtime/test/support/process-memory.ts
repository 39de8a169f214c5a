import { readFileSync } from "node:fs";

/** A running child process, as `node:child_process` gives it. */
interface Running {
  readonly pid?: number | undefined;
}

/** The resident memory of `child`, in MiB, from /proc (Linux). */
export function rssMiB(child: Running): number {
  const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** Highest RSS of `child` over `samples` readings, one per 100 ms: growth has had time to show. */
export async function peakRssMiB(child: Running, samples: number): Promise<number> {
  let peak = rssMiB(child);
  for (let i = 0; i < samples; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    peak = Math.max(peak, rssMiB(child));
  }
  return peak;
}
