/**
 * The push-stock processor: one connection, the changes its shop's outbox holds. Pushes for one
 * connection never overlap: a Postgres advisory lock (held on a reserved connection, released
 * if the worker dies) makes the next window's job wait for this one, so two jobs never race on
 * the same storefront_stock base and trip Shopify's compare-and-swap against each other.
 */
import type postgres from "postgres";
import type { HandlerContext } from "../inbox/topic-handler";
import type { PushStockJob } from "../queues/payloads";
import { shopAdmin } from "../channels/shopify/fulfillment/shop-admin.server";
import { pushStock, type PushStockOptions, type PushStockSummary } from "./push-stock.server";
import { loadStockConnection } from "./stock-connection.server";

/** Namespace of the advisory locks (the second key is the connection id). */
const PUSH_LOCK_NAMESPACE = 7_240_100;

export type PushStockResult = { status: "pushed"; summary: PushStockSummary } | { status: "skipped"; reason: string };

export async function runStockPush(ctx: Pick<HandlerContext, "db" | "config" | "logger" | "now">, connectionId: number, opts: PushStockOptions): Promise<PushStockResult> {
  const found = await loadStockConnection(ctx.db, connectionId);
  if (!found.ok) return { status: "skipped", reason: found.reason };
  const admin = await shopAdmin(ctx, found.connection.shopDomain);
  if (!admin.ok) return { status: "skipped", reason: admin.reason };
  const log = ctx.logger.child({ shop: found.connection.shopDomain, channel: "shopify", connectionId });
  // drizzle() exposes its postgres.js client as $client; the Database type omits it.
  const client = (ctx.db as unknown as { $client?: postgres.Sql }).$client;
  if (!client) throw new Error("runStockPush needs a postgres.js-backed Database (for the advisory lock)");
  const reserved = await client.reserve();
  try {
    await reserved`SELECT pg_advisory_lock(${PUSH_LOCK_NAMESPACE}, ${connectionId})`;
    try {
      const summary = await pushStock({ db: ctx.db, client: admin.admin.client, logger: log, now: ctx.now }, found.connection, opts);
      return { status: "pushed", summary };
    } finally {
      await reserved`SELECT pg_advisory_unlock(${PUSH_LOCK_NAMESPACE}, ${connectionId})`;
    }
  } finally {
    reserved.release();
  }
}

export async function processPushStock(ctx: HandlerContext, job: PushStockJob): Promise<PushStockResult> {
  const result = await runStockPush(ctx, job.connectionId, { scope: "changes" });
  if (result.status === "skipped") ctx.logger.info({ connectionId: job.connectionId, reason: result.reason }, "stock push skipped");
  return result;
}
