import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { tiktokErrorFrom } from "~/channels/tiktok/errors";
import { verifyTiktokWebhook } from "~/channels/tiktok/verify";
import { ChannelAuthError } from "~/channels/channel";
import { PartnerThrottledError } from "~/lib/errors";

const APP_KEY = "68xu9ks5p4i8";
const APP_SECRET = "e59af819cc";
const NOW = 1_764_000_000;
const body = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 1, tts_notification_id: "7327112393057371910", shop_id: "7494049642642441621", timestamp: NOW - 5, data: { order_id: "576461413038785752", order_status: "AWAITING_SHIPMENT", update_time: NOW - 5 }, ...over });
/** By hand from contract §B.6: hex HMAC-SHA256(app_secret, app_key + body). */
const sign = (raw: string, secret = APP_SECRET) => createHmac("sha256", secret).update(APP_KEY + raw).digest("hex");
const at = new Date(NOW * 1000);

describe("TikTok webhook verification", () => {
  it("accepts a body signed as app_key + body and keys the delivery by tts_notification_id", () => {
    const raw = body();
    expect(verifyTiktokWebhook(APP_KEY, APP_SECRET, { authorization: sign(raw) }, Buffer.from(raw), at)).toEqual({
      ok: true,
      delivery: {
        deliveryId: "7327112393057371910",
        topic: "ORDER_STATUS_CHANGE",
        shopRef: "7494049642642441621",
        occurredAt: new Date((NOW - 5) * 1000).toISOString(),
        orderRef: { externalId: "576461413038785752" },
      },
    });
  });

  it("refuses a signature made the request way (secret-wrapped), the classic mix-up", () => {
    const raw = body();
    const requestStyle = createHmac("sha256", APP_SECRET).update(`${APP_SECRET}${raw}${APP_SECRET}`).digest("hex");
    expect(verifyTiktokWebhook(APP_KEY, APP_SECRET, { authorization: requestStyle }, Buffer.from(raw), at)).toMatchObject({ ok: false, refusal: { reason: "bad_signature" } });
  });

  it("refuses a wrong secret, a tampered body, a Bearer-prefixed or missing header", () => {
    const raw = body();
    const cases: [Record<string, string>, string][] = [
      [{ authorization: sign(raw, "other") }, raw],
      [{ authorization: sign(raw) }, raw.replace("AWAITING_SHIPMENT", "CANCELLED")],
      [{ authorization: `Bearer ${sign(raw)}` }, raw],
    ];
    for (const [headers, sent] of cases) expect(verifyTiktokWebhook(APP_KEY, APP_SECRET, headers, Buffer.from(sent), at)).toMatchObject({ ok: false, refusal: { reason: "bad_signature" } });
    expect(verifyTiktokWebhook(APP_KEY, APP_SECRET, {}, Buffer.from(raw), at)).toMatchObject({ ok: false, refusal: { reason: "missing_headers" } });
  });

  it("refuses a validly signed delivery replayed after the maximum age", () => {
    const raw = body({ timestamp: NOW - 25 * 3600 });
    expect(verifyTiktokWebhook(APP_KEY, APP_SECRET, { authorization: sign(raw) }, Buffer.from(raw), at)).toMatchObject({ ok: false, refusal: { reason: "stale_timestamp" } });
  });

  it("names unknown event types instead of refusing them", () => {
    const raw = body({ type: 99, data: {} });
    const verdict = verifyTiktokWebhook(APP_KEY, APP_SECRET, { authorization: sign(raw) }, Buffer.from(raw), at);
    expect(verdict.ok && verdict.delivery.topic).toBe("TYPE_99");
    expect(verdict.ok && verdict.delivery.orderRef).toBeUndefined();
  });
});

describe("TikTok error envelope mapping", () => {
  const h = new Headers();
  it("maps HTTP 429 to PartnerThrottledError and 105xxx/360xxx to a reconnect error", () => {
    expect(tiktokErrorFrom(429, { code: 6000429, message: "slow down", request_id: "r1" }, h)).toBeInstanceOf(PartnerThrottledError);
    expect(tiktokErrorFrom(200, { code: 105002, message: "access token is expired", request_id: "r2" }, h)).toBeInstanceOf(ChannelAuthError);
    expect(tiktokErrorFrom(200, { code: 360001, message: "no permission", request_id: "r3" }, h)).toBeInstanceOf(ChannelAuthError);
  });

  it("keeps code, message and request_id for operators, and never retries a bad signature", () => {
    const error = tiktokErrorFrom(200, { code: 106001, message: "signature is invalid", request_id: "2024abc" }, h);
    expect(error.message).toContain("106001");
    expect(error.message).toContain("2024abc");
    expect(error.retryable).toBe(false);
  });
});
