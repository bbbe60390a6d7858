/**
 * Etsy `order.paid` deliveries, signed per Standard Webhooks (contract §0, §A.6). The signature is
 * checked by the reference implementation (npm `standardwebhooks`), never by hand-rolled HMAC.
 *
 * The library judges freshness against the process clock; we also judge it against the `now` we
 * are given (the same clock in production, a frozen one in tests), so a delivery outside the
 * tolerance by either measure is refused.
 */
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { headerValue, type WebhookHeaders, type WebhookVerdict } from "../channel";
import { EtsyWebhookBody } from "./wire";

/** The reference libraries' tolerance (5 minutes both ways); Etsy documents none of its own. */
export const ETSY_WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

/** `signer` is a `Webhook` built once per secret (decoding the secret each call costs ~40% of verify). */
export function verifyEtsyWebhook(signer: Webhook | string, headers: WebhookHeaders, rawBody: Buffer, now: Date): WebhookVerdict {
  const id = headerValue(headers, "webhook-id");
  const timestamp = headerValue(headers, "webhook-timestamp");
  const signature = headerValue(headers, "webhook-signature");
  if (!id || !timestamp || !signature) {
    return { ok: false, refusal: { reason: "missing_headers", detail: "webhook-id, webhook-timestamp and webhook-signature are required" } };
  }
  const seconds = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(now.getTime() / 1000 - seconds) > ETSY_WEBHOOK_TOLERANCE_SECONDS) {
    return { ok: false, refusal: { reason: "stale_timestamp", detail: `webhook-timestamp ${timestamp} is outside ±${ETSY_WEBHOOK_TOLERANCE_SECONDS}s` } };
  }
  try {
    (typeof signer === "string" ? new Webhook(signer) : signer).verify(rawBody, { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature }, { jsonParse: false });
  } catch (error) {
    if (error instanceof WebhookVerificationError && /timestamp/i.test(error.message)) {
      return { ok: false, refusal: { reason: "stale_timestamp", detail: error.message } };
    }
    return { ok: false, refusal: { reason: "bad_signature", detail: error instanceof Error ? error.message : String(error) } };
  }
  let body: ReturnType<typeof EtsyWebhookBody.parse>;
  try {
    body = EtsyWebhookBody.parse(JSON.parse(rawBody.toString("utf8")));
  } catch (error) {
    // Signed by Etsy but not a shape we know: refuse, so the sender's retries surface it.
    return { ok: false, refusal: { reason: "malformed_body", detail: error instanceof Error ? error.message.slice(0, 200) : "unparseable" } };
  }
  return {
    ok: true,
    delivery: {
      deliveryId: id,
      topic: body.event_type,
      shopRef: body.shop_id,
      occurredAt: new Date(seconds * 1000).toISOString(),
      orderRef: { resourceUrl: body.resource_url },
    },
  };
}
