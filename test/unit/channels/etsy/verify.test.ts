import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { verifyEtsyWebhook } from "~/channels/etsy/verify";

// The Standard Webhooks reference vector (contract §0, libraries/javascript/src/webhook.test.ts).
const VECTOR = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

/** Signed by hand from the spec: base64(HMAC-SHA256(base64decode(secret sans whsec_), "id.ts.body")). */
function signByHand(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

const orderPaid = (shopId: number | string = 42) => JSON.stringify({ event_type: "order.paid", resource_url: "https://openapi.etsy.com/v3/application/shops/42/receipts/54321", shop_id: shopId });
const headersFor = (id: string, ts: number, sig: string) => ({ "webhook-id": id, "webhook-timestamp": String(ts), "webhook-signature": sig });

describe("Etsy webhook verification (Standard Webhooks)", () => {
  beforeEach(() => {
    // The reference library reads the process clock; freeze it at the vector's time.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(VECTOR.timestamp * 1000);
  });
  afterEach(() => vi.useRealTimers());
  const at = (seconds: number) => new Date(seconds * 1000);

  it("computes the spec's published signature by hand, so the vector itself is right", () => {
    expect(signByHand(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it("accepts the reference vector's signature on a signed order.paid body and reports its delivery id", () => {
    // GIVEN an order.paid body signed per the spec with the vector's secret and id
    const body = orderPaid();
    const sig = signByHand(VECTOR.secret, VECTOR.id, VECTOR.timestamp, body);
    // WHEN verified at the signing time
    const verdict = verifyEtsyWebhook(VECTOR.secret, headersFor(VECTOR.id, VECTOR.timestamp, sig), Buffer.from(body), at(VECTOR.timestamp));
    // THEN it is accepted, keyed by webhook-id, pointing at the receipt
    expect(verdict).toEqual({
      ok: true,
      delivery: {
        deliveryId: VECTOR.id,
        topic: "order.paid",
        shopRef: "42",
        occurredAt: new Date(VECTOR.timestamp * 1000).toISOString(),
        orderRef: { resourceUrl: "https://openapi.etsy.com/v3/application/shops/42/receipts/54321" },
      },
    });
  });

  it("refuses the reference vector's exact bytes only for their shape, not their signature", () => {
    const verdict = verifyEtsyWebhook(VECTOR.secret, headersFor(VECTOR.id, VECTOR.timestamp, VECTOR.signature), Buffer.from(VECTOR.body), at(VECTOR.timestamp));
    expect(verdict).toMatchObject({ ok: false, refusal: { reason: "malformed_body" } });
  });

  it("accepts a shop_id sent as a string", () => {
    const body = orderPaid("42");
    const verdict = verifyEtsyWebhook(VECTOR.secret, headersFor("m1", VECTOR.timestamp, signByHand(VECTOR.secret, "m1", VECTOR.timestamp, body)), Buffer.from(body), at(VECTOR.timestamp));
    expect(verdict.ok && verdict.delivery.shopRef).toBe("42");
  });

  it("refuses a signature made with another secret", () => {
    const body = orderPaid();
    const forged = signByHand("whsec_" + Buffer.from("not-the-secret-at-all-0123").toString("base64"), "m1", VECTOR.timestamp, body);
    expect(verifyEtsyWebhook(VECTOR.secret, headersFor("m1", VECTOR.timestamp, forged), Buffer.from(body), at(VECTOR.timestamp))).toMatchObject({ ok: false, refusal: { reason: "bad_signature" } });
  });

  it("refuses a body changed after signing (one byte)", () => {
    const body = orderPaid();
    const sig = signByHand(VECTOR.secret, "m1", VECTOR.timestamp, body);
    const tampered = body.replace("54321", "54322");
    expect(verifyEtsyWebhook(VECTOR.secret, headersFor("m1", VECTOR.timestamp, sig), Buffer.from(tampered), at(VECTOR.timestamp))).toMatchObject({ ok: false, refusal: { reason: "bad_signature" } });
  });

  it("accepts when any of several space-separated signatures matches (secret rotation)", () => {
    const body = orderPaid();
    const good = signByHand(VECTOR.secret, "m1", VECTOR.timestamp, body);
    const header = `v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v1a,ignored ${good}`;
    expect(verifyEtsyWebhook(VECTOR.secret, headersFor("m1", VECTOR.timestamp, header), Buffer.from(body), at(VECTOR.timestamp)).ok).toBe(true);
  });

  it("refuses a delivery signed more than five minutes ago, even with a valid signature (replay)", () => {
    // GIVEN a captured, validly signed delivery
    const signedAt = VECTOR.timestamp;
    const body = orderPaid();
    const headers = headersFor("m1", signedAt, signByHand(VECTOR.secret, "m1", signedAt, body));
    // WHEN it is replayed 301 s later
    vi.setSystemTime((signedAt + 301) * 1000);
    const verdict = verifyEtsyWebhook(VECTOR.secret, headers, Buffer.from(body), at(signedAt + 301));
    // THEN it is stale
    expect(verdict).toMatchObject({ ok: false, refusal: { reason: "stale_timestamp" } });
  });

  it("refuses a timestamp more than five minutes in the future", () => {
    const ts = VECTOR.timestamp + 301;
    const body = orderPaid();
    expect(verifyEtsyWebhook(VECTOR.secret, headersFor("m1", ts, signByHand(VECTOR.secret, "m1", ts, body)), Buffer.from(body), at(VECTOR.timestamp))).toMatchObject({
      ok: false,
      refusal: { reason: "stale_timestamp" },
    });
  });

  it("refuses by the injected clock even when the process clock would accept", () => {
    const body = orderPaid();
    const headers = headersFor("m1", VECTOR.timestamp, signByHand(VECTOR.secret, "m1", VECTOR.timestamp, body));
    expect(verifyEtsyWebhook(VECTOR.secret, headers, Buffer.from(body), at(VECTOR.timestamp + 3600))).toMatchObject({ ok: false, refusal: { reason: "stale_timestamp" } });
  });

  it("refuses a delivery missing any Standard Webhooks header", () => {
    const body = orderPaid();
    const { "webhook-id": _id, ...noId } = headersFor("m1", VECTOR.timestamp, signByHand(VECTOR.secret, "m1", VECTOR.timestamp, body));
    expect(verifyEtsyWebhook(VECTOR.secret, noId, Buffer.from(body), at(VECTOR.timestamp))).toMatchObject({ ok: false, refusal: { reason: "missing_headers" } });
  });
});
