import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createSandboxWarehouse } from "~/warehouses/sandbox/index";
import { signWebhook, verifyStandardWebhook } from "~/warehouses/sandbox/verify";

// The Standard Webhooks reference vector (contracts/marketplaces.md §0).
const VECTOR = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};
const at = (seconds: number) => new Date(seconds * 1000);
const bytes = (s: string) => new TextEncoder().encode(s);

/** The example delivery written in docs/sandbox-3pl.md, read from the doc so the two cannot drift. */
function documentedDelivery() {
  const doc = readFileSync(path.resolve(import.meta.dirname, "../../../../docs/sandbox-3pl.md"), "utf8");
  const section = doc.slice(doc.indexOf("### Example delivery"));
  const header = (name: string) => new RegExp(`^${name}: (.+)$`, "m").exec(section)![1]!.trim();
  const body = /```json\n(.+)\n```/.exec(section)![1]!;
  const secret = /Secret `(whsec_[^`]+)`/.exec(section)![1]!;
  return {
    secret,
    body,
    headers: {
      "webhook-id": header("webhook-id"),
      "webhook-timestamp": header("webhook-timestamp"),
      "webhook-signature": header("webhook-signature"),
      "x-webhook-topic": header("x-webhook-topic"),
    },
  };
}

describe("verifyStandardWebhook", () => {
  const headers = { "webhook-id": VECTOR.id, "webhook-timestamp": String(VECTOR.timestamp), "webhook-signature": VECTOR.signature };

  it("signs the reference vector exactly as the Standard Webhooks libraries do", () => {
    expect(signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it("accepts the reference delivery at its own time", () => {
    // GIVEN the reference delivery; WHEN verified with the clock frozen at its timestamp
    const result = verifyStandardWebhook(headers, bytes(VECTOR.body), [VECTOR.secret], at(VECTOR.timestamp));
    // THEN its id and timestamp come back
    expect(result).toEqual({ deliveryId: VECTOR.id, timestamp: VECTOR.timestamp });
  });

  it("refuses a body changed by one byte", () => {
    const result = verifyStandardWebhook(headers, bytes('{"test": 2432232315}'), [VECTOR.secret], at(VECTOR.timestamp));
    expect(result).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("refuses a re-dated delivery, because the timestamp is signed", () => {
    const result = verifyStandardWebhook({ ...headers, "webhook-timestamp": String(VECTOR.timestamp + 60) }, bytes(VECTOR.body), [VECTOR.secret], at(VECTOR.timestamp + 60));
    expect(result).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("refuses a genuine delivery replayed more than 5 minutes later as stale, in both directions", () => {
    expect(verifyStandardWebhook(headers, bytes(VECTOR.body), [VECTOR.secret], at(VECTOR.timestamp + 301))).toMatchObject({ ok: false, reason: "stale" });
    expect(verifyStandardWebhook(headers, bytes(VECTOR.body), [VECTOR.secret], at(VECTOR.timestamp - 301))).toMatchObject({ ok: false, reason: "stale" });
    expect(verifyStandardWebhook(headers, bytes(VECTOR.body), [VECTOR.secret], at(VECTOR.timestamp + 299))).toMatchObject({ deliveryId: VECTOR.id });
  });

  it("accepts any matching signature of a space-separated list, so secrets can rotate", () => {
    const rotated = { ...headers, "webhook-signature": `v1,bm90IGl0 v1a,ignored ${VECTOR.signature}` };
    expect(verifyStandardWebhook(rotated, bytes(VECTOR.body), ["whsec_b3RoZXI=", VECTOR.secret], at(VECTOR.timestamp))).toMatchObject({ deliveryId: VECTOR.id });
  });

  it("refuses a delivery signed with another secret", () => {
    expect(verifyStandardWebhook(headers, bytes(VECTOR.body), ["whsec_b3RoZXIgc2VjcmV0IGtleQ=="], at(VECTOR.timestamp))).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it.each(["webhook-id", "webhook-timestamp", "webhook-signature"])("refuses a delivery without %s", (name) => {
    const partial: Record<string, string> = { ...headers };
    delete partial[name];
    expect(verifyStandardWebhook(partial, bytes(VECTOR.body), [VECTOR.secret], at(VECTOR.timestamp))).toMatchObject({ ok: false, reason: "missing_headers" });
  });
});

describe("sandbox connector verifyWebhook", () => {
  const doc = documentedDelivery();
  const warehouse = createSandboxWarehouse({ baseUrl: "http://unused.invalid", apiKey: "k", webhookSecret: doc.secret, partnerLocationId: "US-RNO" });
  const sentAt = at(Number(doc.headers["webhook-timestamp"]));

  it("verifies the documented shipment.tracking delivery and translates it", () => {
    // GIVEN the delivery printed in docs/sandbox-3pl.md; WHEN verified at its send time
    const verdict = warehouse.verifyWebhook(doc.headers, bytes(doc.body), sentAt);
    // THEN it is accepted with its id and topic, and the event is Corridor's canonical tracking event
    expect(verdict).toMatchObject({ ok: true, deliveryId: "msg_2f1c0a9e7b3d4c5e6f708192", topic: "shipment.tracking", sentAt: "2026-11-24T09:30:00.000Z" });
    if (!verdict.ok) throw new Error("unreachable");
    expect(verdict.event).toMatchObject({
      kind: "shipment.tracking",
      clientReference: "c-1001-a1",
      partnerOrderId: "so_000042",
      event: { eventId: "ev_so_000042-1_3", status: "in_transit", happenedAt: "2026-11-24T09:30:00.000Z" },
      shipment: { carrier: { code: "usps", shopifyCompany: "USPS" }, trackingNumber: "9400112345678901234562" },
    });
  });

  it("refuses the documented delivery with a tampered body", () => {
    const tampered = doc.body.replace('"quantity":2', '"quantity":3');
    expect(tampered).not.toBe(doc.body);
    expect(warehouse.verifyWebhook(doc.headers, bytes(tampered), sentAt)).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("refuses the documented delivery replayed an hour later as stale", () => {
    expect(warehouse.verifyWebhook(doc.headers, bytes(doc.body), new Date(sentAt.getTime() + 3_600_000))).toMatchObject({ ok: false, reason: "stale" });
  });

  it("refuses a correctly signed body that is not a sandbox payload as malformed", () => {
    const w = createSandboxWarehouse({ baseUrl: "http://unused.invalid", apiKey: "k", webhookSecret: VECTOR.secret, partnerLocationId: "US-RNO" });
    const headers = { "webhook-id": VECTOR.id, "webhook-timestamp": String(VECTOR.timestamp), "webhook-signature": VECTOR.signature };
    expect(w.verifyWebhook(headers, bytes(VECTOR.body), at(VECTOR.timestamp))).toMatchObject({ ok: false, reason: "malformed" });
  });
});
