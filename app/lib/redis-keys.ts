import type { Redis } from "ioredis";

/** Deletes every key matching `pattern` with SCAN (never KEYS: it blocks a shared Redis). */
export async function deleteKeysMatching(redis: Redis, pattern: string): Promise<number> {
  let cursor = "0";
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    if (keys.length) deleted += await redis.del(...keys);
  } while (cursor !== "0");
  return deleted;
}
