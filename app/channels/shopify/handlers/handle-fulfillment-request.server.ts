/**
 * Fulfillment requests reach Corridor as the callback ping, as fulfillment_orders/* webhooks, and
 * through the periodic poll. All three only say "look": the work itself is always read with
 * assignedFulfillmentOrders, so a lost ping or webhook loses nothing. Signals of one short window
 * share one poll that starts after the window closes (queues/keys.ts).
 */
import { eq } from "drizzle-orm";
import { shops } from "../../../db/schema";
import type { TopicHandler } from "../../../inbox/topic-handler";
import { QUEUE } from "../../../queues/names";
import { pollFulfillmentOrdersJob } from "../../../queues/keys";

export const handleFulfillmentRequest: TopicHandler = async (ctx, row) => {
  const [shop] = await ctx.db.select({ status: shops.status }).from(shops).where(eq(shops.domain, row.shopDomain));
  if (shop && shop.status !== "active") return { status: "ignored", note: `shop is ${shop.status}` };
  await ctx.queues.add(
    QUEUE.maintenance,
    { task: "poll-fulfillment-orders", shopDomain: row.shopDomain, correlationId: row.correlationId },
    pollFulfillmentOrdersJob(row.shopDomain, ctx.now()),
  );
  return { status: "processed", note: "fulfillment-order poll scheduled" };
};
