/**
 * The "poll-fulfillment-orders" maintenance task: the one place Shopify fulfillment and
 * cancellation requests are read and answered. The callback ping, the fulfillment_orders/* webhooks
 * and a periodic schedule all just queue this task, so a lost ping or webhook loses nothing.
 *
 * Each fulfillment order is answered on its own: one that fails does not hold back the others; a
 * transient failure fails the job after the rest are done (BullMQ retries it, and the retry only
 * finds what is still unanswered), a permanent one becomes an exception. Polls of one shop may
 * overlap: each fulfillment order is answered by one of them at a time (answer-one-at-a-time).
 */
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import pMap from "p-map";
import { fulfillmentOrders } from "../../../db/schema";
import { recordException } from "../../../exceptions/record-exception.server";
import type { HandlerContext } from "../../../inbox/topic-handler";
import { CorridorError, isRetryable } from "../../../lib/errors";
import type { MaintenanceJob } from "../../../queues/payloads";
import type { CorridorAssignedFulfillmentOrdersQuery } from "../../../types/admin.generated";
import type { FulfillmentOrderAssignmentStatus } from "../../../types/admin.types";
import { CORRIDOR_ASSIGNED_FULFILLMENT_ORDERS, CORRIDOR_FULFILLMENT_ORDER } from "../operations/fulfillment-orders";
import { CORRIDOR_FULFILLMENT_ORDER_LINES } from "../operations/shipments";
import { answerCancellationRequest } from "./answer-cancellation-request.server";
import { answerOneAtATime, databaseNow } from "./answer-one-at-a-time.server";
import { answerFulfillmentRequest, enqueueDispatches, markFulfillmentOrder, type AssignedFulfillmentOrder, type RequestAnswer } from "./answer-fulfillment-request.server";
import { shopAdmin, type ShopAdmin } from "./shop-admin.server";

/** Fulfillment orders one poll answers at once (each holds a connection for its advisory lock). */
const ANSWER_CONCURRENCY = 4;

/** ≈ 2 + 15 × 62 requested points: under Shopify's 1,000-point single-query cap (see the operation). */
export const POLL_PAGE_SIZE = 15;

/** Every fulfillment order in one assignment status, all pages read before any is answered. */
export async function assignedFulfillmentOrders(admin: ShopAdmin, status: FulfillmentOrderAssignmentStatus): Promise<AssignedFulfillmentOrder[]> {
  // Answering moves an FO out of this list; reading everything first keeps the cursors valid.
  const all: AssignedFulfillmentOrder[] = [];
  let after: string | null = null;
  do {
    const page: CorridorAssignedFulfillmentOrdersQuery = await admin.client.request(CORRIDOR_ASSIGNED_FULFILLMENT_ORDERS, {
      assignmentStatus: status,
      locationIds: admin.credentials.locationId ? [admin.credentials.locationId] : null,
      first: POLL_PAGE_SIZE,
      after,
    });
    all.push(...page.assignedFulfillmentOrders.nodes);
    after = page.assignedFulfillmentOrders.pageInfo.hasNextPage ? (page.assignedFulfillmentOrders.pageInfo.endCursor ?? null) : null;
  } while (after);
  return all;
}

/**
 * Heals a crash between Shopify accepting and Corridor queueing the dispatch: fulfillment orders
 * Corridor routed but last saw as SUBMITTED (and no longer requested) are re-read; accepted ones,
 * and any accepted one whose allocations still wait, get their dispatch jobs (named, so no doubles).
 */
async function resumeAcceptedDispatches(ctx: HandlerContext, admin: ShopAdmin, stillRequested: ReadonlySet<string>, correlationId: string): Promise<number> {
  const rows = await ctx.db
    .select({ externalId: fulfillmentOrders.externalId, orderId: fulfillmentOrders.orderId, requestStatus: fulfillmentOrders.requestStatus })
    .from(fulfillmentOrders)
    .where(and(eq(fulfillmentOrders.shopId, admin.shopId), isNotNull(fulfillmentOrders.orderId), inArray(fulfillmentOrders.requestStatus, ["SUBMITTED", "ACCEPTED"])));
  let queued = 0;
  for (const row of rows) {
    if (stillRequested.has(row.externalId)) continue;
    if (row.requestStatus === "SUBMITTED") {
      const live = await admin.client.request(CORRIDOR_FULFILLMENT_ORDER_LINES, { id: row.externalId });
      if (!live.fulfillmentOrder) continue;
      await markFulfillmentOrder(ctx.db, admin.shopId, row.externalId, { status: live.fulfillmentOrder.status, requestStatus: live.fulfillmentOrder.requestStatus });
      if (live.fulfillmentOrder.requestStatus !== "ACCEPTED") continue;
    }
    queued += await enqueueDispatches(ctx, row.orderId!, correlationId);
  }
  return queued;
}

export async function pollFulfillmentOrders(ctx: HandlerContext, job: MaintenanceJob): Promise<string> {
  if (!job.shopDomain) throw new CorridorError("MISSING_SHOP", "poll-fulfillment-orders needs a shopDomain");
  const lookup = await shopAdmin(ctx, job.shopDomain);
  if (!lookup.ok) {
    ctx.logger.info({ shop: job.shopDomain, reason: lookup.reason }, "fulfillment-order poll skipped");
    return `skipped: ${lookup.reason}`;
  }
  const admin = lookup.admin;
  const counts: Record<string, number> = { accepted: 0, rejected: 0, cancelAccepted: 0, cancelRejected: 0, skipped: 0, failed: 0 };
  let retryable: unknown;

  // A few at a time: a window of a busy shop lists a hundred requests, and each answer waits on Shopify.
  const answerEach = (fos: AssignedFulfillmentOrder[], listedAt: string, answer: typeof answerFulfillmentRequest, key: (a: RequestAnswer) => string) =>
    pMap(fos, async (fo) => {
      try {
        const done = await answerOneAtATime(ctx.db, { shopId: admin.shopId, id: fo.id, requestStatus: fo.requestStatus, listedAt }, () => answer(ctx, admin, fo, job.correlationId));
        if (!done.ran) ctx.logger.info({ shop: admin.shopDomain, fulfillmentOrderId: fo.id, reason: done.reason }, "fulfillment order left to the poll that answered it");
        counts[done.ran && done.value !== "skipped" ? key(done.value) : "skipped"]! += 1;
      } catch (error) {
        counts.failed! += 1;
        if (isRetryable(error)) {
          retryable ??= error;
          ctx.logger.warn({ shop: admin.shopDomain, fulfillmentOrderId: fo.id, err: error }, "fulfillment order not answered; will retry");
          return;
        }
        const e = error instanceof CorridorError ? error : undefined;
        await recordException(ctx.db, {
          kind: "job_failed",
          subject: `fulfillment-order:${fo.id}`,
          shopDomain: admin.shopDomain,
          code: e?.code ?? "FULFILLMENT_REQUEST_FAILED",
          reason: `${fo.order.name} (${fo.id}, ${fo.requestStatus}): ${(error as Error).message}`,
          merchantMessage: e?.merchantMessage ?? `Corridor could not answer Shopify's request for order ${fo.order.name}. Support has the details.`,
          replay: { queue: "maintenance", task: "poll-fulfillment-orders", shopDomain: admin.shopDomain },
          correlationId: job.correlationId,
        });
      }
    }, { concurrency: ANSWER_CONCURRENCY });

  // Taken before each listing: an answer stored after it means that listing is stale for that FO.
  const requestsListedAt = await databaseNow(ctx.db);
  const requested = await assignedFulfillmentOrders(admin, "FULFILLMENT_REQUESTED");
  await answerEach(requested, requestsListedAt, answerFulfillmentRequest, (a) => (a === "accepted" ? "accepted" : "rejected"));
  const cancellationsListedAt = await databaseNow(ctx.db);
  const cancellations = await assignedFulfillmentOrders(admin, "CANCELLATION_REQUESTED");
  await answerEach(cancellations, cancellationsListedAt, answerCancellationRequest, (a) => (a === "accepted" ? "cancelAccepted" : "cancelRejected"));
  const resumed = await resumeAcceptedDispatches(ctx, admin, new Set(requested.map((fo) => fo.id)), job.correlationId);

  const summary = `${requested.length} requested (${counts.accepted} accepted, ${counts.rejected} rejected), ${cancellations.length} cancellations (${counts.cancelAccepted} accepted, ${counts.cancelRejected} rejected), ${counts.skipped} skipped, ${counts.failed} failed, ${resumed} dispatches resumed`;
  ctx.logger.info({ shop: admin.shopDomain, ...counts, resumed }, "fulfillment-order poll done");
  if (retryable) throw retryable;
  return summary;
}

/**
 * The "answer-fulfillment-order" task: the request a fulfillment_request_submitted webhook named,
 * read by id and answered at once, under the same one-at-a-time guard as the poll (which still runs
 * after its window and finds it answered). Anything it cannot settle, the poll settles.
 */
export async function answerFulfillmentOrder(ctx: HandlerContext, job: MaintenanceJob): Promise<string> {
  if (!job.shopDomain || !job.fulfillmentOrderId) throw new CorridorError("MISSING_FULFILLMENT_ORDER", "answer-fulfillment-order needs a shopDomain and a fulfillmentOrderId");
  const lookup = await shopAdmin(ctx, job.shopDomain);
  if (!lookup.ok) return `skipped: ${lookup.reason}`;
  const admin = lookup.admin;
  const listedAt = await databaseNow(ctx.db);
  const fo = (await admin.client.request(CORRIDOR_FULFILLMENT_ORDER, { id: job.fulfillmentOrderId })).fulfillmentOrder;
  if (!fo) return "fulfillment order not found";
  const ours = !admin.credentials.locationId || fo.assignedLocation.location?.id === admin.credentials.locationId;
  if (!ours || fo.requestStatus !== "SUBMITTED") return `nothing to answer (${fo.requestStatus}${ours ? "" : ", another location"})`;
  const done = await answerOneAtATime(ctx.db, { shopId: admin.shopId, id: fo.id, requestStatus: fo.requestStatus, listedAt }, () => answerFulfillmentRequest(ctx, admin, fo, job.correlationId));
  return done.ran ? done.value : `left to the poll: ${done.reason}`;
}
