/**
 * Etsy `order.paid` → the receipt it points at → a canonical order, routed at once.
 *
 * The body is only a pointer (resource_url, shop_id): it was verified at intake, and the receipt is
 * fetched by the channel, which refuses a URL off Etsy's API host or naming another shop before any
 * request. The body is read again from the stored bytes rather than re-verified: the Standard
 * Webhooks library judges freshness by the process clock, and a replay days later must still work.
 */
import type { TopicHandler } from "../../../inbox/topic-handler";
import { InvalidPayloadError } from "../../../lib/errors";
import { parseJsonExact } from "../../../lib/json";
import { connectionForDelivery, ingestMarketplaceOrder, requireChannel, type ChannelOf } from "../../marketplace-ingest.server";
import type { EtsyCredentials } from "../oauth";
import { EtsyWebhookBody } from "../wire";

export function handleOrderPaid(channelOf: ChannelOf<EtsyCredentials>): TopicHandler {
  return async (ctx, row) => {
    const channel = requireChannel(channelOf(ctx.config), "etsy");
    const parsed = EtsyWebhookBody.safeParse(parseJsonExact(row.rawBody));
    if (!parsed.success) {
      throw new InvalidPayloadError("ETSY_WEBHOOK_UNREADABLE", `order.paid ${row.deliveryId}: ${parsed.error.message.slice(0, 200)}`, {
        merchantMessage: "Etsy sent a notification Corridor could not read. It is kept and can be replayed.",
      });
    }
    const connection = await connectionForDelivery<EtsyCredentials>(ctx, "etsy", parsed.data.shop_id);
    if ("ignored" in connection) return connection.ignored;
    return ingestMarketplaceOrder(ctx, channel, connection, { resourceUrl: parsed.data.resource_url }, row.correlationId);
  };
}
