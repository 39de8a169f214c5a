/**
 * Shared state for the ride service: sessions (shared memory) and driver locks
 * (synchronization), each in-process by default or in Redis, and the driver pool that books
 * the nearest free driver under those locks.
 */
export * from "./booking-store.js";
export * from "./driver-lock.js";
export * from "./driver-pool.js";
export { closeRedis, connectRedis, deleteKeys, type RedisLike } from "./redis.js";
export * from "./session-store.js";
