/**
 * The push-stock processor: one storefront connection (Shopify, Etsy or TikTok Shop), the changes
 * its outbox holds. Pushes for one connection never overlap: a Postgres advisory lock (held on a
 * reserved connection, released if the worker dies) lets one push run at a time, so two jobs never
 * race on the same storefront_stock base (and trip Shopify's compare-and-swap against each other).
 * The lock is only ever tried, never waited on: a job that finds it taken folds into the running
 * push (processPushStock), so no pool connection sits blocked while ingest, routing and dispatch
 * need it. Connections never wait for each other.
 */
import { DelayedError, type Job } from "bullmq";
import { eq } from "drizzle-orm";
import { ChannelAuthError } from "../channels/channel";
import { withReservedConnection } from "../db/reserved-connection.server";
import { stockChanges } from "../db/schema";
import { pushWindow, STOCK_WINDOW_MS } from "../domain/stock/coalesce-window";
import type { HandlerContext } from "../inbox/topic-handler";
import { CorridorError } from "../lib/errors";
import { newCorrelationId } from "../lib/logger.server";
import { QUEUE } from "../queues/names";
import { pushStockFollowUpJobId } from "../queues/keys";
import type { PushStockJob } from "../queues/payloads";
import { pushStock, type PushStockOptions, type PushStockSummary } from "./push-stock.server";
import { stockPusherFor } from "./stock-channel.server";
import { loadStockTarget } from "./stock-connection.server";

/** Namespace of the advisory locks (the second key is the connection id). */
export const PUSH_LOCK_NAMESPACE = 7_240_100;

/** How long a job that found its connection's push running waits before trying again. */
export const PUSH_BUSY_RETRY_MS = 250;

export type PushStockResult = { status: "pushed"; summary: PushStockSummary } | { status: "skipped"; reason: string };

type PushCtx = Pick<HandlerContext, "db" | "config" | "logger" | "now">;

/** One push of a connection's outbox; while another push of it runs, tries again shortly (the CLI, tests). */
export async function runStockPush(ctx: PushCtx, connectionId: number, opts: PushStockOptions): Promise<PushStockResult> {
  for (;;) {
    const result = await tryStockPush(ctx, connectionId, opts);
    if (result.status !== "busy") return result;
    // No connection is held while waiting: the next try reserves one again.
    await new Promise((r) => setTimeout(r, PUSH_BUSY_RETRY_MS));
  }
}

/** One push of a connection's outbox, or `busy` when another push of the same connection holds the lock. */
export async function tryStockPush(ctx: PushCtx, connectionId: number, opts: PushStockOptions): Promise<PushStockResult | { status: "busy" }> {
  const found = await loadStockTarget(ctx.db, connectionId);
  if (!found.ok) return { status: "skipped", reason: found.reason };
  const target = found.target;
  const log = ctx.logger.child({ shop: target.shopDomain, channel: target.channel, connectionId });
  return withReservedConnection<PushStockResult | { status: "busy" }>(ctx.db, async (reserved) => {
    const [lock] = await reserved<{ locked: boolean }[]>`SELECT pg_try_advisory_lock(${PUSH_LOCK_NAMESPACE}, ${connectionId}) AS locked`;
    if (!lock?.locked) return { status: "busy" };
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
  });
}

/**
 * The queue's processor. A window job (scope "changes") whose connection is being pushed folds into
 * that push: the running push reads the outbox as it starts and, once done and unlocked, queues one
 * follow-up when rows are left. Before, such jobs waited in BullMQ's delayed set and tried the lock
 * every 250 ms; when a push ran longer than a window (Etsy at 10 calls a second), one job a second
 * piled up per connection: 2,800 of them, spinning, in a 10,000-order chaos run.
 * A sync asked for by hand (scope "all") is never dropped: it waits its turn in the delayed set.
 * Without its BullMQ job and token (the CLI, tests) it waits in place.
 */
export async function processPushStock(ctx: HandlerContext, data: PushStockJob, job?: Job, token?: string): Promise<PushStockResult> {
  const scope = data.scope ?? "changes";
  if (!job || token === undefined) return logSkip(ctx, data, await runStockPush(ctx, data.connectionId, { scope }));
  const result = await tryStockPush(ctx, data.connectionId, { scope });
  if (result.status === "busy") {
    if (scope === "changes") return { status: "skipped", reason: "folded into the push running for this connection" };
    await job.moveToDelayed(Date.now() + PUSH_BUSY_RETRY_MS, token);
    // Tells BullMQ the job was moved, not failed: no attempt is counted and nothing is recorded.
    throw new DelayedError();
  }
  if (result.status === "pushed") await followUpIfChangesLeft(ctx, data.connectionId);
  return logSkip(ctx, data, result);
}

/** Changes that arrived during the push (their own jobs folded into it) get the next window's push. */
export async function followUpIfChangesLeft(ctx: Pick<HandlerContext, "db" | "queues" | "now">, connectionId: number): Promise<void> {
  const [left] = await ctx.db.select({ id: stockChanges.id }).from(stockChanges).where(eq(stockChanges.connectionId, connectionId)).limit(1);
  if (!left) return;
  const { window, delayMs } = pushWindow(ctx.now(), STOCK_WINDOW_MS);
  await ctx.queues.add(QUEUE.pushStock, { connectionId, correlationId: newCorrelationId() }, { jobId: pushStockFollowUpJobId(connectionId, window), delay: delayMs });
}

function logSkip(ctx: HandlerContext, data: PushStockJob, result: PushStockResult): PushStockResult {
  if (result.status === "skipped") ctx.logger.info({ connectionId: data.connectionId, reason: result.reason }, "stock push skipped");
  return result;
}
