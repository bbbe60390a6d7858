/**
 * A push-stock job whose connection is already being pushed neither blocks a pool connection on the
 * advisory lock nor waits in a retry loop: it folds into the running push, which queues one follow-up
 * when it ends with changes left. A sync asked for by hand still waits its turn and runs.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../../app/config.server";
import { exceptions, stockChanges } from "../../../app/db/schema";
import { logger } from "../../../app/lib/logger.server";
import { QUEUE } from "../../../app/queues/names";
import { pushStockJobId } from "../../../app/queues/keys";
import { PROCESSORS, startWorkers, type WorkerPool } from "../../../app/queues/run-workers.server";
import { followUpIfChangesLeft, PUSH_LOCK_NAMESPACE } from "../../../app/stock/process-push-stock.server";
import { startShopifySandbox, type ShopifySandbox } from "../../sandboxes/shopify";
import { TEST_API_KEY, TEST_API_SECRET, testConfig } from "../../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { mismatches, seedStockShop, setCalls, writeStock, type StockShop } from "./stock-world";

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

const jobState = async (jobId: string) => (await pool.queues.get(QUEUE.pushStock).getJob(jobId))?.getState();
const outbox = (shop: StockShop) => world.db.select().from(stockChanges).where(eq(stockChanges.shopId, shop.shopId));

/** Runs `work` while another push holds the connection's advisory lock. */
async function whileLocked(shop: StockShop, work: () => Promise<void>): Promise<void> {
  const holder = await world.sql.reserve();
  await holder`SELECT pg_advisory_lock(${PUSH_LOCK_NAMESPACE}, ${shop.connectionId})`;
  try {
    await work();
  } finally {
    await holder`SELECT pg_advisory_unlock(${PUSH_LOCK_NAMESPACE}, ${shop.connectionId})`;
    holder.release();
  }
}

describe("push-stock while the connection's push is running", () => {
  it("folds a window job into the running push at once: no attempt, no session waiting on the lock, nothing pushed, the changes kept", async () => {
    const shop = await seedStockShop(world.db, sandbox, { domain: "busy.myshopify.com", skuCount: 20 });
    await writeStock(world.db, shop, 0, 20, (i) => i % 5);
    const before = sandbox.log.length;
    const waiting = (await outbox(shop)).length;
    const jobId = pushStockJobId(shop.connectionId, 1);
    await whileLocked(shop, async () => {
      await pool.queues.add(QUEUE.pushStock, { connectionId: shop.connectionId, correlationId: "busy-test" }, { jobId });
      await waitFor(async () => (await jobState(jobId)) === "completed");
      const job = (await pool.queues.get(QUEUE.pushStock).getJob(jobId))!;
      expect(job.returnvalue).toEqual({ status: "skipped", reason: "folded into the push running for this connection" });
      expect(job.attemptsMade).toBe(1);
      const [blocked] = await world.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      expect(blocked!.n).toBe(0);
    });
    expect(setCalls(sandbox, shop.domain, before).accepted).toBe(0);
    expect(waiting).toBeGreaterThan(0);
    expect((await outbox(shop)).length).toBe(waiting);
  });

  it("queues one follow-up when a push ends with changes left, and it brings the storefront to ATS", async () => {
    const shop = await seedStockShop(world.db, sandbox, { domain: "follow-up.myshopify.com", skuCount: 10 });
    await writeStock(world.db, shop, 0, 10, (i) => i + 1);
    const ctx = { db: world.db, queues: pool.queues, now: () => new Date() };
    // Twice in one window (two pushes ending together): one follow-up job.
    await followUpIfChangesLeft(ctx, shop.connectionId);
    await followUpIfChangesLeft(ctx, shop.connectionId);
    const queued = (await pool.queues.get(QUEUE.pushStock).getJobs(["delayed", "waiting", "active", "completed"])).filter((j) => j.data.connectionId === shop.connectionId);
    expect(queued.length).toBeGreaterThanOrEqual(1);
    expect(queued.length).toBeLessThanOrEqual(2); // two only when the calls straddled a window's end
    await waitFor(async () => (await outbox(shop)).length === 0);
    expect(await mismatches(world.db, shop)).toEqual([]);
    // With the outbox empty, no further push is queued.
    const count = (await pool.queues.get(QUEUE.pushStock).getJobs(["delayed", "waiting", "active", "completed"])).filter((j) => j.data.connectionId === shop.connectionId).length;
    await followUpIfChangesLeft(ctx, shop.connectionId);
    expect((await pool.queues.get(QUEUE.pushStock).getJobs(["delayed", "waiting", "active", "completed"])).filter((j) => j.data.connectionId === shop.connectionId).length).toBe(count);
  });

  it("keeps a sync asked for by hand waiting in the delayed set until the running push ends, then runs it", async () => {
    const shop = await seedStockShop(world.db, sandbox, { domain: "by-hand.myshopify.com", skuCount: 5 });
    await writeStock(world.db, shop, 0, 5, (i) => i + 2);
    const jobId = `stock-by-hand-${shop.connectionId}`;
    await whileLocked(shop, async () => {
      await pool.queues.add(QUEUE.pushStock, { connectionId: shop.connectionId, correlationId: "by-hand", scope: "all" }, { jobId });
      await waitFor(async () => (await jobState(jobId)) === "delayed");
      expect((await pool.queues.get(QUEUE.pushStock).getJob(jobId))!.attemptsMade).toBe(0);
    });
    await waitFor(async () => (await jobState(jobId)) === "completed");
    expect(await mismatches(world.db, shop)).toEqual([]);
    expect(await world.db.select().from(exceptions).where(sql`${exceptions.kind} = 'job_failed'`)).toEqual([]);
  });
});
