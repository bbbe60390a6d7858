/**
 * Turns rows in the stock_changes outbox into push-stock jobs. The triggers NOTIFY
 * `corridor_stock_changes` with the id of each connected storefront connection (Shopify, Etsy,
 * TikTok Shop) that got a row; each notification adds that connection's job of the current
 * coalescing window (one job id per connection and window, so a burst adds one job). A sweep every
 * few seconds does the same for any connected connection with rows left, covering notifications
 * lost while this process was down or reconnecting. Connections that need reconnecting keep their
 * rows and get no jobs until they are connected again.
 */
import type postgres from "postgres";
import { pushWindow, STOCK_WINDOW_MS } from "../domain/stock/coalesce-window";
import { newCorrelationId, type Logger } from "../lib/logger.server";
import { QUEUE } from "../queues/names";
import type { Queues } from "../queues/queues.server";
import { pushStockJobId } from "../queues/keys";

export const STOCK_CHANGES_CHANNEL = "corridor_stock_changes";

export interface StockDispatcherOptions {
  sql: postgres.Sql;
  queues: Queues;
  logger: Logger;
  /** Coalescing window. Default 1 s. */
  windowMs?: number;
  /** Safety-net sweep of the outbox. Default 5 s. */
  sweepEveryMs?: number;
  now?: () => Date;
}

export interface StockDispatcher {
  /** Schedules the current window's job for a connection now (what a notification does). */
  schedule(connectionId: number): Promise<void>;
  sweep(): Promise<number>;
  close(): Promise<void>;
}

export async function startStockChangeDispatcher(opts: StockDispatcherOptions): Promise<StockDispatcher> {
  const windowMs = opts.windowMs ?? STOCK_WINDOW_MS;
  const now = opts.now ?? (() => new Date());
  const log = opts.logger.child({ component: "stock-dispatcher" });
  /** Last window scheduled per connection: a burst of notifications costs one Redis call per window. */
  const scheduled = new Map<number, number>();

  async function schedule(connectionId: number): Promise<void> {
    const { window, delayMs } = pushWindow(now(), windowMs);
    if (scheduled.get(connectionId) === window) return;
    scheduled.set(connectionId, window);
    try {
      await opts.queues.add(QUEUE.pushStock, { connectionId, correlationId: newCorrelationId() }, { jobId: pushStockJobId(connectionId, window), delay: delayMs });
    } catch (error) {
      // The sweep schedules this connection again; the outbox rows are still there.
      scheduled.delete(connectionId);
      log.warn({ connectionId, err: error }, "could not schedule a stock push; the sweep will retry");
    }
  }

  async function sweep(): Promise<number> {
    const pending = await opts.sql<{ id: string }[]>`
      SELECT cc.id FROM channel_connections cc
      WHERE cc.status = 'connected' AND EXISTS (SELECT 1 FROM stock_changes sc WHERE sc.connection_id = cc.id)`;
    for (const c of pending) await schedule(Number(c.id));
    return pending.length;
  }

  const listener = await opts.sql.listen(STOCK_CHANGES_CHANNEL, (payload) => {
    const connectionId = Number(payload);
    if (Number.isSafeInteger(connectionId)) void schedule(connectionId);
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
