/**
 * TikTok order events (ORDER_STATUS_CHANGE, CANCELLATION_STATUS_CHANGE) → Get Order Detail → a
 * canonical order, routed at once when TikTok says it awaits shipment.
 *
 * The push carries the order id and a status, but statuses arrive out of order and the push is not
 * the order: the handler always reads the order as it is now, and upsertOrder keeps the newest by
 * TikTok's update_time. The stored bytes are parsed again exactly (ids beyond 2^53 stay text).
 */
import type { TopicHandler } from "../../../inbox/topic-handler";
import { InvalidPayloadError } from "../../../lib/errors";
import { parseJsonExact } from "../../../lib/json";
import { connectionForDelivery, ingestMarketplaceOrder, requireChannel, type ChannelOf } from "../../marketplace-ingest.server";
import type { TiktokCredentials } from "../oauth";
import { TiktokWebhookBody } from "../wire";

export function handleOrderStatusChange(channelOf: ChannelOf<TiktokCredentials>): TopicHandler {
  return async (ctx, row) => {
    const channel = requireChannel(channelOf(ctx.config), "tiktok");
    const parsed = TiktokWebhookBody.safeParse(parseJsonExact(row.rawBody));
    const orderId = parsed.success ? parsed.data.data?.order_id : undefined;
    if (!parsed.success || !orderId) {
      throw new InvalidPayloadError("TIKTOK_WEBHOOK_UNREADABLE", `${row.topic} ${row.deliveryId}: ${parsed.success ? "no data.order_id" : parsed.error.message.slice(0, 200)}`, {
        merchantMessage: "TikTok Shop sent a notification Corridor could not read. It is kept and can be replayed.",
      });
    }
    const connection = await connectionForDelivery<TiktokCredentials>(ctx, "tiktok", parsed.data.shop_id);
    if ("ignored" in connection) return connection.ignored;
    return ingestMarketplaceOrder(ctx, channel, connection, { externalId: orderId }, row.correlationId);
  };
}
