/**
 * A Channel's verifier in the inbox's terms, for every channel alike (Shopify, Etsy, TikTok Shop).
 * The inbox keys rows by (channel, deliveryId) and files them under `shopDomain`, which is the
 * platform account the delivery is about (myshopify domain, Etsy shop_id, TikTok shop id =
 * channel_connections.external_account_id); handlers map it to the Corridor shop.
 */
import type { Channel } from "../channels/channel";
import type { DeliveryVerifier } from "./delivery";

export function deliveryVerifierFor(channel: Pick<Channel<never>, "verifyWebhook">): DeliveryVerifier {
  return (headers, rawBody, now) => {
    const verdict = channel.verifyWebhook(headers, rawBody, now);
    if (!verdict.ok) return { ok: false, reason: `${verdict.refusal.reason}: ${verdict.refusal.detail}` };
    const d = verdict.delivery;
    return { ok: true, delivery: { deliveryId: d.deliveryId, topic: d.topic, shopDomain: d.shopRef, triggeredAt: new Date(d.occurredAt), ...(d.eventId ? { eventId: d.eventId } : {}) } };
  };
}
