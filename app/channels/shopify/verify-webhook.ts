/**
 * Shopify webhook (and fulfillment-service callback) verification: base64 HMAC-SHA256 of the raw
 * body with the app's client secret, compared in constant time (contracts/shopify.md §1.2). During
 * a secret rotation Shopify may sign with the old secret for up to an hour, so several secrets may
 * be accepted. `verifyShopifyDelivery` is the one implementation: the Shopify Channel's
 * verifyWebhook, and through it the intake routes, use it.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { deliveryVerifierFor } from "../../inbox/channel-verifier";
import type { DeliveryVerifier } from "../../inbox/delivery";
import { headerValue, type WebhookHeaders, type WebhookRefusalReason, type WebhookVerdict } from "../channel";

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
/** The exact order GID inside a REST-style body: read from the bytes so ids above 2^53 survive. */
const ORDER_GID = /"admin_graphql_api_id"\s*:\s*"gid:\/\/shopify\/Order\/(\d+)"/;

/** Webhooks (every subscribed topic) or the fulfillment service's ping (`<callbackUrl>/fulfillment_order_notification`). */
export type ShopifyDeliveryKind = "webhook" | "fulfillment-callback";

const refuse = (reason: WebhookRefusalReason, detail: string): WebhookVerdict => ({ ok: false, refusal: { reason, detail } });

/**
 * Shopify's rules for one delivery over the exact bytes received. A webhook carries its topic,
 * webhook id (the inbox key) and shop domain. The fulfillment-service ping is signed like a webhook
 * but carries no webhook id: it is only a nudge to read assignedFulfillmentOrders, so it gets a
 * delivery id per shop and minute, and pings in the same minute collapse into one.
 */
export function verifyShopifyDelivery(secrets: readonly string[], headers: WebhookHeaders, rawBody: Buffer, now: Date, kind: ShopifyDeliveryKind): WebhookVerdict {
  const hmac = headerValue(headers, "x-shopify-hmac-sha256");
  if (!hmac) return refuse("missing_headers", "X-Shopify-Hmac-Sha256 is required");
  if (!isValidShopifyHmac(secrets, rawBody, hmac)) return refuse("bad_signature", "HMAC does not match the raw body");
  const shopRef = headerValue(headers, "x-shopify-shop-domain");
  if (!shopRef || !SHOP_DOMAIN.test(shopRef)) return refuse("missing_headers", "X-Shopify-Shop-Domain is missing or not a myshopify.com domain");
  if (kind === "fulfillment-callback") {
    const minute = now.toISOString().slice(0, 16);
    return { ok: true, delivery: { deliveryId: `fo-notification-${shopRef}-${minute}`, topic: "fulfillment_order_notification", shopRef, occurredAt: now.toISOString() } };
  }
  const topic = headerValue(headers, "x-shopify-topic");
  const deliveryId = headerValue(headers, "x-shopify-webhook-id");
  if (!topic || !deliveryId) return refuse("missing_headers", "X-Shopify-Topic and X-Shopify-Webhook-Id are required");
  const triggered = new Date(headerValue(headers, "x-shopify-triggered-at") ?? "");
  const eventId = headerValue(headers, "x-shopify-event-id");
  const order = topic.startsWith("orders/") ? ORDER_GID.exec(rawBody.toString("utf8"))?.[1] : undefined;
  return {
    ok: true,
    delivery: {
      deliveryId,
      topic,
      shopRef,
      occurredAt: Number.isNaN(triggered.getTime()) ? now.toISOString() : triggered.toISOString(),
      ...(order ? { orderRef: { externalId: order } } : {}),
      ...(eventId ? { eventId } : {}),
    },
  };
}

/** Webhook verification in the inbox's terms, for callers outside the intake routes (replays, tests). */
export function shopifyWebhookVerifier(secrets: readonly string[]): DeliveryVerifier {
  return deliveryVerifierFor({ verifyWebhook: (headers, rawBody, now) => verifyShopifyDelivery(secrets, headers, rawBody, now, "webhook") });
}
