import { replicaStats } from "@rpcgen/transport-nats";

/**
 * How the calls to each service were spread over its replicas, read from the NATS service
 * API (`$SRV.STATS`): `path 34/33/33, ride 50/50`, each replica's share of the service's calls
 * in percent, largest first.
 */
export async function spreadLine(
  natsUrl: string,
  services: readonly { readonly label: string; readonly name: string }[],
): Promise<string> {
  const parts = await Promise.all(
    services.map(async ({ label, name }) => {
      const replicas = await replicaStats(natsUrl, name);
      const calls = replicas.map((r) => r.endpoints.reduce((n, e) => n + e.calls, 0));
      return `${label} ${percentages(calls).join("/")}`;
    }),
  );
  return parts.join(", ");
}

/** Whole percentages of `counts` that add up to 100 (largest remainders), largest first. */
function percentages(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return counts.map(() => 0);
  const exact = counts.map((c) => (c * 100) / total);
  const whole = exact.map(Math.floor);
  let left = 100 - whole.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - whole[i]! })).sort((a, b) => b.r - a.r);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    whole[i]! += 1;
    left -= 1;
  }
  return whole.sort((a, b) => b - a);
}
