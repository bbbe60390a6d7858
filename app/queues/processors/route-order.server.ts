/**
 * route-order: decide and reserve (one transaction), then queue one dispatch per allocation. Safe to
 * repeat: routing is idempotent per revision, and dispatch job ids are the allocation ids. A crash
 * between commit and enqueue is healed by the retry, which finds the order routed and re-enqueues.
 */
import { and, eq, notInArray } from "drizzle-orm";
import { allocations } from "../../db/schema";
import type { HandlerContext } from "../../inbox/topic-handler";
import { routeAndReserve } from "../../routing/route-and-reserve.server";
import { dispatchJobId } from "../keys";
import { QUEUE } from "../names";
import type { RouteOrderJob } from "../payloads";

export async function processRouteOrder(ctx: HandlerContext, job: RouteOrderJob): Promise<string> {
  const outcome = await routeAndReserve(ctx.db, job.orderId, job.revision, { now: ctx.now(), correlationId: job.correlationId });
  const pending = await ctx.db
    .select({ id: allocations.id })
    .from(allocations)
    .where(and(eq(allocations.orderId, job.orderId), notInArray(allocations.status, ["cancelled", "failed", "accepted", "picked", "packed", "shipped", "in_transit", "delivered"])));
  for (const a of pending) {
    await ctx.queues.add(QUEUE.dispatch, { allocationId: a.id, correlationId: job.correlationId }, { jobId: dispatchJobId(a.id) });
  }
  ctx.logger.info({ orderId: job.orderId, outcome: outcome.kind, dispatches: pending.length }, "route-order: done");
  return outcome.kind === "skipped" ? `skipped: ${outcome.reason}` : outcome.kind;
}
