/**
 * A test file's own world: a database cloned from the migrated template and a Redis key prefix,
 * both removed afterwards. Use in integration tests:
 *
 *   const world = await isolatedWorld();   // in beforeAll
 *   ... world.db, world.sql, world.databaseUrl, world.redisUrl, world.queuePrefix ...
 *   await world.cleanup();                 // in afterAll
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import postgres from "postgres";
import { inject } from "vitest";
import { createDb, type DbHandle } from "../../app/db/client.server";
import { dbUrl, TEST_PG_ADMIN_URL, TEST_REDIS_URL } from "./services";
import { deleteKeysMatching } from "../../app/lib/redis-keys";

export interface IsolatedWorld extends DbHandle {
  databaseName: string;
  databaseUrl: string;
  redisUrl: string;
  /** BullMQ prefix for this file's queues (keys start with it). */
  queuePrefix: string;
  cleanup(): Promise<void>;
}

export async function isolatedWorld(): Promise<IsolatedWorld> {
  const template = inject("corridorTemplateDb");
  const runId = inject("corridorRunId");
  const suffix = randomBytes(4).toString("hex");
  const databaseName = `corridor_t_${runId}_${suffix}`;
  const admin = postgres(TEST_PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  // CREATE DATABASE … TEMPLATE fails if another session is connected to the template; retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`CREATE DATABASE "${databaseName}" TEMPLATE "${template}"`);
      break;
    } catch (error) {
      if (attempt > 20) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  const databaseUrl = dbUrl(databaseName);
  const handle = createDb(databaseUrl, { max: 10 });
  const queuePrefix = `{test-${runId}-${suffix}}`;
  return {
    ...handle,
    databaseName,
    databaseUrl,
    redisUrl: TEST_REDIS_URL,
    queuePrefix,
    async cleanup() {
      await handle.close();
      const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
      try {
        await deleteKeysMatching(redis, `${queuePrefix}*`);
      } finally {
        redis.disconnect();
      }
      const dropper = postgres(TEST_PG_ADMIN_URL, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
      await dropper.end();
    },
  };
}
