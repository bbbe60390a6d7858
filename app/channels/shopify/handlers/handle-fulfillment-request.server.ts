/**
 * Fulfillment requests reach Corridor as the callback ping, as fulfillment_orders/* webhooks, and
 * through the periodic poll. All three say "look": the work itself is always read from Shopify, so
 * a lost ping or webhook loses nothing. A fulfillment_request_submitted webhook names its
 * fulfillment order, which is answered at once (answer-fulfillment-order); every signal also joins
 * its window's poll (queues/keys.ts), which settles whatever the direct answer could not.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { shops } from "../../../db/schema";
import type { TopicHandler } from "../../../inbox/topic-handler";
import { QUEUE } from "../../../queues/names";
import { answerFulfillmentOrderJobId, pollFulfillmentOrdersJob } from "../../../queues/keys";
import { parseShopifyJson } from "./handle-orders.server";

/** What the direct answer needs of the webhook; anything else in it is left to the read from Shopify. */
const RequestSubmitted = z.object({
  submitted_fulfillment_order: z.object({ id: z.string().startsWith("gid://shopify/FulfillmentOrder/") }),
  fulfillment_order_merchant_request: z.object({ id: z.string().min(1) }),
});

export const handleFulfillmentRequest: TopicHandler = async (ctx, row) => {
  const [shop] = await ctx.db.select({ status: shops.status }).from(shops).where(eq(shops.domain, row.shopDomain));
  if (shop && shop.status !== "active") return { status: "ignored", note: `shop is ${shop.status}` };
  const named = row.topic === "fulfillment_orders/fulfillment_request_submitted" ? RequestSubmitted.safeParse(parseShopifyJson(row.rawBody)) : undefined;
  if (named?.success) {
    const { submitted_fulfillment_order: fo, fulfillment_order_merchant_request: request } = named.data;
    await ctx.queues.add(
      QUEUE.maintenance,
      { task: "answer-fulfillment-order", shopDomain: row.shopDomain, fulfillmentOrderId: fo.id, correlationId: row.correlationId },
      { jobId: answerFulfillmentOrderJobId(fo.id, request.id) },
    );
  }
  await ctx.queues.add(
    QUEUE.maintenance,
    { task: "poll-fulfillment-orders", shopDomain: row.shopDomain, correlationId: row.correlationId },
    pollFulfillmentOrdersJob(row.shopDomain, ctx.now()),
  );
  return { status: "processed", note: named?.success ? "answer queued; fulfillment-order poll scheduled" : "fulfillment-order poll scheduled" };
};
