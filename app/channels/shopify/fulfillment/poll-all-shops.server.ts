/**
 * The safety net behind pings and webhooks (contracts/shopify.md §1.4: webhooks can be missed): on a
 * schedule, one fulfillment-order poll per active shop with a Shopify connection, named like the
 * signal-driven ones so a poll already queued for the window is not doubled.
 */
import { and, eq } from "drizzle-orm";
import { channelConnections, shops } from "../../../db/schema";
import type { HandlerContext } from "../../../inbox/topic-handler";
import { pollFulfillmentOrdersJob } from "../../../queues/keys";
import { QUEUE } from "../../../queues/names";
import type { MaintenanceJob } from "../../../queues/payloads";

export async function pollAllShops(ctx: HandlerContext, job: MaintenanceJob): Promise<string> {
  const rows = await ctx.db
    .select({ domain: shops.domain })
    .from(shops)
    .innerJoin(channelConnections, and(eq(channelConnections.shopId, shops.id), eq(channelConnections.channel, "shopify")))
    .where(and(eq(shops.status, "active"), eq(channelConnections.status, "connected")));
  for (const { domain } of rows) {
    await ctx.queues.add(QUEUE.maintenance, { task: "poll-fulfillment-orders", shopDomain: domain, correlationId: job.correlationId }, pollFulfillmentOrdersJob(domain, ctx.now()));
  }
  return `${rows.length} shops polled`;
}
