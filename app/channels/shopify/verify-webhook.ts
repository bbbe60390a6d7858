/**
 * Shopify webhook (and fulfillment-service callback) verification: base64 HMAC-SHA256 of the raw
 * body with the app's client secret, compared in constant time (contracts/shopify.md §1.2). During
 * a secret rotation Shopify may sign with the old secret for up to an hour, so several secrets may
 * be accepted.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { DeliveryVerifier } from "../../inbox/delivery";

export function shopifyHmac(secret: string, rawBody: Buffer): string {
  return createHmac("sha256", secret).update(rawBody).digest("base64");
}

export function isValidShopifyHmac(secrets: readonly string[], rawBody: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const given = Buffer.from(header, "base64");
  return secrets.some((secret) => {
    const expected = createHmac("sha256", secret).update(rawBody).digest();
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export function shopifyWebhookVerifier(secrets: readonly string[]): DeliveryVerifier {
  return (headers, rawBody) => {
    if (!isValidShopifyHmac(secrets, rawBody, headers["x-shopify-hmac-sha256"])) return { ok: false, reason: "invalid HMAC" };
    const topic = headers["x-shopify-topic"];
    const shopDomain = headers["x-shopify-shop-domain"];
    const deliveryId = headers["x-shopify-webhook-id"];
    if (!topic || !deliveryId || !shopDomain || !SHOP_DOMAIN.test(shopDomain)) {
      return { ok: false, reason: "missing X-Shopify-Topic, X-Shopify-Webhook-Id or a valid X-Shopify-Shop-Domain" };
    }
    const triggered = headers["x-shopify-triggered-at"] ? new Date(headers["x-shopify-triggered-at"]) : undefined;
    return {
      ok: true,
      delivery: {
        deliveryId,
        topic,
        shopDomain,
        eventId: headers["x-shopify-event-id"],
        triggeredAt: triggered && !Number.isNaN(triggered.getTime()) ? triggered : undefined,
      },
    };
  };
}

/**
 * The fulfillment-service ping (`<callbackUrl>/fulfillment_order_notification`) is signed like a
 * webhook but carries no webhook id: it is only a nudge to read assignedFulfillmentOrders, so we give
 * it a delivery id per shop and minute, and pings in the same minute collapse into one.
 */
export function shopifyCallbackVerifier(secrets: readonly string[]): DeliveryVerifier {
  return (headers, rawBody, now) => {
    if (!isValidShopifyHmac(secrets, rawBody, headers["x-shopify-hmac-sha256"])) return { ok: false, reason: "invalid HMAC" };
    const shopDomain = headers["x-shopify-shop-domain"];
    if (!shopDomain || !SHOP_DOMAIN.test(shopDomain)) return { ok: false, reason: "missing X-Shopify-Shop-Domain" };
    const minute = now.toISOString().slice(0, 16);
    return { ok: true, delivery: { deliveryId: `fo-notification-${shopDomain}-${minute}`, topic: "fulfillment_order_notification", shopDomain } };
  };
}
