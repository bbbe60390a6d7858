/**
 * Turns rows in the stock_changes outbox into push-stock jobs. The triggers NOTIFY
 * `corridor_stock_changes` with the shop id; each notification adds the job of the current
 * coalescing window for each of the shop's Shopify connections (one job id per window, so a
 * burst adds one job). A sweep every few seconds does the same for any shop with rows left,
 * covering notifications lost while this process was down or reconnecting.
 */
import type postgres from "postgres";
import type { Database } from "../db/client.server";
import { pushWindow } from "../domain/stock/coalesce-window";
import { newCorrelationId, type Logger } from "../lib/logger.server";
import { QUEUE } from "../queues/names";
import type { Queues } from "../queues/queues.server";
import { pushStockJobId } from "../queues/keys";
import { stockConnectionIds } from "./stock-connection.server";

export const STOCK_CHANGES_CHANNEL = "corridor_stock_changes";

export interface StockDispatcherOptions {
  sql: postgres.Sql;
  db: Database;
  queues: Queues;
  logger: Logger;
  /** Coalescing window. Default 1 s. */
  windowMs?: number;
  /** Safety-net sweep of the outbox. Default 5 s. */
  sweepEveryMs?: number;
  now?: () => Date;
}

export interface StockDispatcher {
  /** Schedules the current window's job for a shop now (what a notification does). */
  schedule(shopId: number): Promise<void>;
  sweep(): Promise<number>;
  close(): Promise<void>;
}

export async function startStockChangeDispatcher(opts: StockDispatcherOptions): Promise<StockDispatcher> {
  const windowMs = opts.windowMs ?? 1_000;
  const now = opts.now ?? (() => new Date());
  const log = opts.logger.child({ component: "stock-dispatcher" });
  /** Last window scheduled per shop: a burst of notifications costs one Redis call per window. */
  const scheduled = new Map<number, number>();
  const connectionsOf = new Map<number, { ids: number[]; at: number }>();

  async function connections(shopId: number): Promise<number[]> {
    const cached = connectionsOf.get(shopId);
    if (cached && Date.now() - cached.at < 30_000) return cached.ids;
    const [shop] = await opts.sql<{ domain: string }[]>`SELECT domain FROM shops WHERE id = ${shopId}`;
    const ids = shop ? (await stockConnectionIds(opts.db, shop.domain)).map((c) => c.connectionId) : [];
    connectionsOf.set(shopId, { ids, at: Date.now() });
    return ids;
  }

  async function schedule(shopId: number): Promise<void> {
    const { window, delayMs } = pushWindow(now(), windowMs);
    if (scheduled.get(shopId) === window) return;
    scheduled.set(shopId, window);
    try {
      for (const connectionId of await connections(shopId)) {
        await opts.queues.add(QUEUE.pushStock, { connectionId, correlationId: newCorrelationId() }, { jobId: pushStockJobId(connectionId, window), delay: delayMs });
      }
    } catch (error) {
      // The sweep schedules this shop again; the outbox rows are still there.
      scheduled.delete(shopId);
      log.warn({ shopId, err: error }, "could not schedule a stock push; the sweep will retry");
    }
  }

  async function sweep(): Promise<number> {
    const shops = await opts.sql<{ shop_id: string }[]>`SELECT DISTINCT shop_id FROM stock_changes`;
    for (const s of shops) await schedule(Number(s.shop_id));
    return shops.length;
  }

  const listener = await opts.sql.listen(STOCK_CHANGES_CHANNEL, (payload) => {
    const shopId = Number(payload);
    if (Number.isSafeInteger(shopId)) void schedule(shopId);
  });
  let sweeping = false;
  const timer = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    sweep()
      .catch((error: unknown) => log.debug({ err: error }, "stock sweep skipped (Postgres or Redis unavailable)"))
      .finally(() => (sweeping = false));
  }, opts.sweepEveryMs ?? 5_000);
  // Changes made while no dispatcher ran.
  await sweep().catch((error: unknown) => log.warn({ err: error }, "initial stock sweep failed"));

  return {
    schedule,
    sweep,
    async close() {
      clearInterval(timer);
      await listener.unlisten();
    },
  };
}
