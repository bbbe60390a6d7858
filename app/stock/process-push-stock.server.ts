/**
 * The push-stock processor: one storefront connection (Shopify, Etsy or TikTok Shop), the changes
 * its outbox holds. Pushes for one connection never overlap: a Postgres advisory lock (held on a
 * reserved connection, released if the worker dies) lets one push run at a time, so two jobs never
 * race on the same storefront_stock base (and trip Shopify's compare-and-swap against each other).
 * The lock is only ever tried, never waited on: a job that finds it taken goes back to BullMQ's
 * delayed set and runs again shortly (its changes stay in the outbox), so no pool connection sits
 * blocked while ingest, routing and dispatch need it. Connections never wait for each other.
 */
import { DelayedError, type Job } from "bullmq";
import { ChannelAuthError } from "../channels/channel";
import { withReservedConnection } from "../db/reserved-connection.server";
import type { HandlerContext } from "../inbox/topic-handler";
import { CorridorError } from "../lib/errors";
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
 * The queue's processor. Given its BullMQ job and lock token (the worker passes both), a busy
 * connection moves the job to delayed without counting an attempt; without them it waits in place.
 */
export async function processPushStock(ctx: HandlerContext, data: PushStockJob, job?: Job, token?: string): Promise<PushStockResult> {
  if (!job || token === undefined) return logSkip(ctx, data, await runStockPush(ctx, data.connectionId, { scope: data.scope ?? "changes" }));
  const result = await tryStockPush(ctx, data.connectionId, { scope: data.scope ?? "changes" });
  if (result.status === "busy") {
    ctx.logger.debug({ connectionId: data.connectionId }, "stock push running for this connection; trying again shortly");
    await job.moveToDelayed(Date.now() + PUSH_BUSY_RETRY_MS, token);
    // Tells BullMQ the job was moved, not failed: no attempt is counted and nothing is recorded.
    throw new DelayedError();
  }
  return logSkip(ctx, data, result);
}

function logSkip(ctx: HandlerContext, data: PushStockJob, result: PushStockResult): PushStockResult {
  if (result.status === "skipped") ctx.logger.info({ connectionId: data.connectionId, reason: result.reason }, "stock push skipped");
  return result;
}
