/**
 * Ingest: one stored delivery → its topic handler. Safe to run twice: a row that is no longer
 * `pending` is skipped, and handlers are idempotent. A payload we cannot read is marked failed with
 * its reason and becomes an exception (no retry: the same bytes will fail the same way); anything
 * else is thrown so BullMQ retries it with back-off.
 */
import { and, eq, sql } from "drizzle-orm";
import { webhookInbox } from "../../db/schema";
import { recordException, resolveExceptions } from "../../exceptions/record-exception.server";
import { InvalidPayloadError } from "../../lib/errors";
import type { HandlerContext } from "../../inbox/topic-handler";
import { markInboxRow } from "../../inbox/mark-row.server";
import { topicHandler } from "../../inbox/topic-registry.server";
import { QUEUE } from "../names";
import type { IngestJob } from "../payloads";

export async function processIngest(ctx: HandlerContext, job: IngestJob, resolveHandler = topicHandler): Promise<string> {
  if (job.replay) {
    await ctx.db.update(webhookInbox).set({ status: "pending", error: null, processedAt: null }).where(and(eq(webhookInbox.id, job.inboxId), eq(webhookInbox.status, "failed")));
  }
  // Claim and count the attempt in one statement: the hot path reads no row it does not need.
  const [row] = await ctx.db
    .update(webhookInbox)
    .set({ attempts: sql`${webhookInbox.attempts} + 1` })
    .where(and(eq(webhookInbox.id, job.inboxId), eq(webhookInbox.status, "pending")))
    .returning();
  if (!row) {
    const [known] = await ctx.db.select({ status: webhookInbox.status }).from(webhookInbox).where(eq(webhookInbox.id, job.inboxId));
    return known ? `already ${known.status}` : "gone (shop redacted?)";
  }
  const log = ctx.logger.child({ correlationId: row.correlationId, inboxId: row.id, channel: row.channel, topic: row.topic, shop: row.shopDomain });

  const handler = resolveHandler(row.channel, row.topic);
  if (!handler) {
    await markInboxRow(ctx.db, row.id, "ignored", `no handler for ${row.channel} topic ${row.topic}`, ctx.now());
    return "ignored";
  }
  try {
    const outcome = await handler({ ...ctx, logger: log }, row);
    if (!outcome.marked) await markInboxRow(ctx.db, row.id, outcome.status, outcome.note ?? null, ctx.now());
    // Only an earlier attempt can have left an exception open (a first attempt has nothing to resolve).
    if (row.attempts > 1 || job.replay) await resolveExceptions(ctx.db, "malformed_webhook", `inbox:${row.id}`);
    log.info({ outcome: outcome.status, note: outcome.note }, "ingest: handled");
    return outcome.status;
  } catch (error) {
    if (!(error instanceof InvalidPayloadError)) throw error;
    await markInboxRow(ctx.db, row.id, "failed", `${error.code}: ${error.message}`, ctx.now());
    await recordException(ctx.db, {
      kind: "malformed_webhook",
      subject: `inbox:${row.id}`,
      shopDomain: row.shopDomain,
      code: error.code,
      reason: `${row.channel} ${row.topic} delivery ${row.deliveryId}: ${error.message}`,
      merchantMessage: error.merchantMessage ?? null,
      replay: { queue: QUEUE.ingest, data: { inboxId: row.id, replay: true } },
      correlationId: row.correlationId,
    });
    log.warn({ code: error.code, reason: error.message }, "ingest: payload refused; stored as an exception");
    return "failed";
  }
}

