/**
 * The push-stock processor: one storefront connection (Shopify, Etsy or TikTok Shop), the changes
 * its outbox holds. Pushes for one connection never overlap: a Postgres advisory lock (held on a
 * reserved connection, released if the worker dies) makes the next window's job wait for this one,
 * so two jobs never race on the same storefront_stock base (and trip Shopify's compare-and-swap
 * against each other). Connections never wait for each other: each has its own lock and jobs.
 */
import type postgres from "postgres";
import { ChannelAuthError } from "../channels/channel";
import type { HandlerContext } from "../inbox/topic-handler";
import { CorridorError } from "../lib/errors";
import type { PushStockJob } from "../queues/payloads";
import { pushStock, type PushStockOptions, type PushStockSummary } from "./push-stock.server";
import { stockPusherFor } from "./stock-channel.server";
import { loadStockTarget } from "./stock-connection.server";

/** Namespace of the advisory locks (the second key is the connection id). */
const PUSH_LOCK_NAMESPACE = 7_240_100;

export type PushStockResult = { status: "pushed"; summary: PushStockSummary } | { status: "skipped"; reason: string };

export async function runStockPush(ctx: Pick<HandlerContext, "db" | "config" | "logger" | "now">, connectionId: number, opts: PushStockOptions): Promise<PushStockResult> {
  const found = await loadStockTarget(ctx.db, connectionId);
  if (!found.ok) return { status: "skipped", reason: found.reason };
  const target = found.target;
  const log = ctx.logger.child({ shop: target.shopDomain, channel: target.channel, connectionId });
  // drizzle() exposes its postgres.js client as $client; the Database type omits it.
  const client = (ctx.db as unknown as { $client?: postgres.Sql }).$client;
  if (!client) throw new Error("runStockPush needs a postgres.js-backed Database (for the advisory lock)");
  const reserved = await client.reserve();
  try {
    await reserved`SELECT pg_advisory_lock(${PUSH_LOCK_NAMESPACE}, ${connectionId})`;
    try {
      const push = await stockPusherFor({ ...ctx, logger: log }, target);
      const summary = await pushStock({ db: ctx.db, logger: log, now: ctx.now, push }, target, opts);
      return { status: "pushed", summary };
    } catch (error) {
      // Already flagged needs_reauth with an exception for the merchant (marketplace-ingest); the
      // changes stay in the outbox for after the reconnect, and failing the job would say it twice.
      if (error instanceof ChannelAuthError) return { status: "skipped", reason: `needs reauth: ${error.message}` };
      // This process has no app credentials for the channel (the CLI, a web-only config): not ours to push.
      if (error instanceof CorridorError && error.code === "CHANNEL_NOT_CONFIGURED") return { status: "skipped", reason: error.message };
      throw error;
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
