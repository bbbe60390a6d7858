/**
 * TikTok Shop webhooks (contract §B.6): `Authorization` = hex HMAC-SHA256(app_secret, app_key + raw
 * body), no `Bearer`. Unlike API requests there is no timestamp in the signed string, so a
 * captured delivery verifies forever: replays are stopped by the body's own (signed) `timestamp`,
 * refused past a maximum age, and by the inbox's unique key on tts_notification_id.
 */
import { parseJsonExact } from "../../lib/json";
import { headerValue, type WebhookHeaders, type WebhookVerdict } from "../channel";
import { signaturesMatch, signWebhook } from "./sign";
import { TIKTOK_EVENT_TYPES, TiktokWebhookBody } from "./wire";

/**
 * TikTok's retry schedule is unpublished (contract §B.6); a day covers any plausible retry while
 * bounding replays. Anything refused for age is still picked up by the order poll.
 */
export const TIKTOK_WEBHOOK_MAX_AGE_SECONDS = 24 * 3600;
/** Clock skew we forgive on a body timestamp in the future. */
const FUTURE_SKEW_SECONDS = 5 * 60;

export function verifyTiktokWebhook(appKey: string, appSecret: string, headers: WebhookHeaders, rawBody: Buffer, now: Date, maxAgeSeconds = TIKTOK_WEBHOOK_MAX_AGE_SECONDS): WebhookVerdict {
  const authorization = headerValue(headers, "authorization");
  if (!authorization) return { ok: false, refusal: { reason: "missing_headers", detail: "Authorization is required" } };
  if (!signaturesMatch(signWebhook(appKey, appSecret, rawBody), authorization)) {
    return { ok: false, refusal: { reason: "bad_signature", detail: "Authorization does not match HMAC(app_secret, app_key + body)" } };
  }
  let body: ReturnType<typeof TiktokWebhookBody.parse>;
  try {
    // Exact parse: a numeric shop or order id beyond 2^53 would be rounded by JSON.parse.
    body = TiktokWebhookBody.parse(parseJsonExact(rawBody));
  } catch (error) {
    return { ok: false, refusal: { reason: "malformed_body", detail: error instanceof Error ? error.message.slice(0, 200) : "unparseable" } };
  }
  const age = now.getTime() / 1000 - body.timestamp;
  if (age > maxAgeSeconds || age < -FUTURE_SKEW_SECONDS) {
    return { ok: false, refusal: { reason: "stale_timestamp", detail: `body timestamp ${body.timestamp} is ${Math.round(age)}s old` } };
  }
  const orderId = body.data?.order_id;
  return {
    ok: true,
    delivery: {
      deliveryId: body.tts_notification_id,
      topic: TIKTOK_EVENT_TYPES[body.type] ?? `TYPE_${body.type}`,
      shopRef: body.shop_id,
      occurredAt: new Date(body.timestamp * 1000).toISOString(),
      ...(orderId ? { orderRef: { externalId: orderId } } : {}),
    },
  };
}
