import { closeRedis, connectRedis, deleteKeys } from "../state/index.js";

/** True when Redis answers a PING at `url` within a second. */
export async function redisAnswers(url: string): Promise<boolean> {
  try {
    await closeRedis(await connectRedis(url, 1000));
    return true;
  } catch {
    return false;
  }
}

/** Deletes the demo's keys (sessions and locks would otherwise wait for their TTLs). */
export async function deletePrefix(url: string, prefix: string): Promise<void> {
  const redis = await connectRedis(url, 1000);
  try {
    await deleteKeys(redis, prefix);
  } finally {
    await closeRedis(redis);
  }
}
