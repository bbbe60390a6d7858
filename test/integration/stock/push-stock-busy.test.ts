/**
 * A push-stock job whose connection is already being pushed neither blocks a pool connection on
 * the advisory lock nor fails: it goes back to BullMQ's delayed set and pushes once the lock is free.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../../app/config.server";
import { exceptions, stockChanges } from "../../../app/db/schema";
import { logger } from "../../../app/lib/logger.server";
import { QUEUE } from "../../../app/queues/names";
import { pushStockJobId } from "../../../app/queues/keys";
import { PROCESSORS, startWorkers, type WorkerPool } from "../../../app/queues/run-workers.server";
import { PUSH_LOCK_NAMESPACE } from "../../../app/stock/process-push-stock.server";
import { startShopifySandbox, type ShopifySandbox } from "../../sandboxes/shopify";
import { TEST_API_KEY, TEST_API_SECRET, testConfig } from "../../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { mismatches, seedStockShop, setCalls, writeStock } from "./stock-world";

let world: IsolatedWorld;
let sandbox: ShopifySandbox;
let config: Config;
let pool: WorkerPool;

beforeAll(async () => {
  world = await isolatedWorld();
  sandbox = await startShopifySandbox({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, plan: "standard" });
  config = testConfig(world, { SHOPIFY_ADMIN_API_ORIGIN: sandbox.url });
  pool = await startWorkers({ config, db: world, logger, processors: { [QUEUE.pushStock]: PROCESSORS[QUEUE.pushStock] }, relayEveryMs: 60_000 });
});

afterAll(async () => {
  await pool.close();
  await sandbox.close();
  await world.cleanup();
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("push-stock while the connection's push is running", () => {
  it("moves the job to delayed without a failed attempt or a waiting connection, then pushes the changes", async () => {
    // GIVEN a shop with 20 changed SKUs, and another push holding the connection's advisory lock
    const shop = await seedStockShop(world.db, sandbox, { domain: "busy.myshopify.com", skuCount: 20 });
    await writeStock(world.db, shop, 0, 20, (i) => i % 5);
    const holder = await world.sql.reserve();
    await holder`SELECT pg_advisory_lock(${PUSH_LOCK_NAMESPACE}, ${shop.connectionId})`;
    const before = sandbox.log.length;
    const jobId = pushStockJobId(shop.connectionId, 1);
    try {
      // WHEN the connection's push-stock job runs
      await pool.queues.add(QUEUE.pushStock, { connectionId: shop.connectionId, correlationId: "busy-test" }, { jobId });
      const job = async () => (await pool.queues.get(QUEUE.pushStock).getJob(jobId))!;
      // THEN it waits in BullMQ's delayed set, not on Postgres: no attempt counted, no session blocked on the lock
      await waitFor(async () => (await (await job()).getState()) === "delayed");
      const [blocked] = await world.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      expect(blocked!.n).toBe(0);
      expect((await job()).attemptsMade).toBe(0);
      expect(setCalls(sandbox, shop.domain, before).accepted).toBe(0);
    } finally {
      await holder`SELECT pg_advisory_unlock(${PUSH_LOCK_NAMESPACE}, ${shop.connectionId})`;
      holder.release();
    }
    // WHEN the running push finishes (the lock is released)
    // THEN the job completes on a later try, the storefront equals ATS and the outbox is empty
    await waitFor(async () => (await (await pool.queues.get(QUEUE.pushStock).getJob(jobId))!.getState()) === "completed");
    expect(await mismatches(world.db, shop)).toEqual([]);
    expect(await world.db.select().from(stockChanges).where(eq(stockChanges.shopId, shop.shopId))).toEqual([]);
    // AND nothing was recorded as a failed job
    expect(await world.db.select().from(exceptions).where(sql`${exceptions.kind} = 'job_failed'`)).toEqual([]);
  });
});
