/**
 * Fulfillment requests reach Corridor as the callback ping, as fulfillment_orders/* webhooks, and
 * through the periodic poll. All three say "look": the work itself is always read from Shopify, so
 * a lost ping or webhook loses nothing. A fulfillment_request_submitted webhook names its
 * fulfillment order, which is answered at once (answer-fulfillment-order); every other signal joins
 * its window's poll (queues/keys.ts), and the scheduled poll of every shop settles whatever is left.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { shops } from "../../../db/schema";
import type { TopicHandler } from "../../../inbox/topic-handler";
import { QUEUE } from "../../../queues/names";
import { answerFulfillmentOrderJobId, pollFulfillmentOrdersJob } from "../../../queues/keys";
import { gidNumber } from "../normalize-order";
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
    // Answered by id; a window poll per request would re-read every open request of a busy shop
    // (thousands of throttled listings at 50 orders/s). The minute's poll-all-shops is the safety net.
    const { submitted_fulfillment_order: fo, fulfillment_order_merchant_request: request } = named.data;
    await ctx.queues.add(
      QUEUE.maintenance,
      { task: "answer-fulfillment-order", shopDomain: row.shopDomain, fulfillmentOrderId: fo.id, correlationId: row.correlationId },
      { jobId: answerFulfillmentOrderJobId(gidNumber(fo.id), gidNumber(request.id)) },
    );
    return { status: "processed", note: "answer queued" };
  }
  await ctx.queues.add(
    QUEUE.maintenance,
    { task: "poll-fulfillment-orders", shopDomain: row.shopDomain, correlationId: row.correlationId },
    pollFulfillmentOrdersJob(row.shopDomain, ctx.now()),
  );
  return { status: "processed", note: "fulfillment-order poll scheduled" };
};
