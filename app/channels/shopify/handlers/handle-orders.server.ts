/**
 * orders/create, orders/updated, orders/cancelled → the canonical order, upserted by updated_at.
 * Shopify orders are routed when their fulfillment order reaches Corridor's location as a fulfillment
 * request (handle-fulfillment-request.server.ts); a cancellation releases what routing held.
 */
import { secretBoxFor } from "../../../lib/secret-box.server";
import { parseJsonExact } from "../../../lib/json";
import { InvalidPayloadError } from "../../../lib/errors";
import type { TopicHandler } from "../../../inbox/topic-handler";
import { upsertOrder } from "../../../orders/upsert-order.server";
import { cancelOrderAllocations } from "../../../orders/cancel-order-allocations.server";
import { normalizeShopifyOrder } from "../normalize-order";

export function parseShopifyJson(raw: Buffer): unknown {
  try {
    return parseJsonExact(raw);
  } catch (error) {
    throw new InvalidPayloadError("INVALID_JSON", `body is not valid JSON: ${(error as Error).message}`, {
      merchantMessage: "Shopify sent a notification Corridor could not read. It is kept and can be replayed.",
      cause: error,
    });
  }
}

export const handleOrders: TopicHandler = async (ctx, row) => {
  const order = normalizeShopifyOrder(row.shopDomain, parseShopifyJson(row.rawBody));
  const outcome = await upsertOrder(ctx.db, order, row.correlationId);
  if (outcome.kind === "stale") return { status: "ignored", note: `older than the held revision ${outcome.revision}` };
  if (outcome.cancelled) {
    // Cancelled in Shopify: release what routing held and stop the warehouse while it still can.
    const cancelled = await cancelOrderAllocations({ db: ctx.db, box: secretBoxFor(ctx.config) }, outcome.orderId, row.correlationId);
    return { status: "processed", note: `cancelled order ${outcome.orderId}: ${cancelled.outcome}` };
  }
  return { status: "processed", note: `${outcome.kind} order ${outcome.orderId} r${outcome.revision}` };
};
