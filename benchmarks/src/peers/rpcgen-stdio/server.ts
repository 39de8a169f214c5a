import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main, runServerProcess } from "../../shared/child.js";
import { procStatusKb, resetPeakRss } from "../../shared/protocol.js";

/*
 * Over stdio the client owns the server: it spawns it (rpcgen-stdio/child.ts) and talks over
 * its pipes. This process stands where a peer's server stands for the harness: pinned to the
 * server's CPU, it hands the client a directory holding that CPU list (the client pins the
 * child to it) and reads the children the client registers there from /proc, so the server
 * columns describe the real server process.
 */

const clockTicksPerSecond = 100;

main(() =>
  runServerProcess(async () => {
    const dir = mkdtempSync(join(tmpdir(), "rpcgen-bench-stdio-"));
    writeFileSync(join(dir, "cpus"), allowedCpus());
    const children = () => readdirSync(dir).filter((name) => /^\d+$/.test(name));
    return {
      port: 0,
      path: dir,
      close: async () => rmSync(dir, { recursive: true, force: true }),
      stats: () => {
        let rssKb = 0;
        let peakKb = 0;
        let ticks = 0;
        for (const pid of children()) {
          const stat = procFile(pid, "stat");
          if (stat === undefined) continue;
          rssKb += procStatusKb(pid, "VmRSS") ?? 0;
          peakKb += procStatusKb(pid, "VmHWM") ?? 0;
          // Fields after the command name (which may hold spaces): utime and stime are 14, 15.
          const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
          ticks += Number(fields[11]) + Number(fields[12]);
        }
        const rssMb = Math.round(rssKb / 102.4) / 10;
        return {
          rssMb,
          peakRssMb: Math.max(rssMb, Math.round(peakKb / 102.4) / 10),
          cpuMs: (ticks * 1000) / clockTicksPerSecond,
        };
      },
      resetPeak: () => {
        for (const pid of children()) resetPeakRss(pid);
      },
    };
  }),
);

/** This process's CPU affinity, as taskset takes it (e.g. "1" when pinned, "0-1" when not). */
function allowedCpus(): string {
  const match = /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync("/proc/self/status", "utf8"));
  return match?.[1] ?? "0";
}

function procFile(pid: string, name: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${name}`, "utf8");
  } catch {
    return undefined;
  }
}
