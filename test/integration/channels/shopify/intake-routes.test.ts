/**
 * Shopify's two intake paths verify through the Shopify Channel (verifyWebhook), like Etsy's and
 * TikTok's: what each path accepts and refuses, in the inbox's terms.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeRoutes } from "../../../../app/inbox/intake-routes.server";
import { TEST_API_SECRET, testConfig } from "../../../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../../../helpers/isolated";

let world: IsolatedWorld;
beforeAll(async () => {
  world = await isolatedWorld();
});
afterAll(async () => {
  await world.cleanup();
});

const body = Buffer.from('{"id":820982911946154508,"admin_graphql_api_id":"gid://shopify/Order/820982911946154508"}');
const sign = (raw: Buffer, secret = TEST_API_SECRET) => createHmac("sha256", secret).update(raw).digest("base64");
const webhookHeaders = (over: Record<string, string | undefined> = {}) => ({
  "x-shopify-hmac-sha256": sign(body),
  "x-shopify-shop-domain": "acme.myshopify.com",
  "x-shopify-topic": "orders/create",
  "x-shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
  "x-shopify-event-id": "evt-1",
  "x-shopify-triggered-at": "2026-11-24T09:00:00Z",
  ...over,
});
const now = new Date("2026-11-24T09:00:30Z");
const verifier = (path: string) => intakeRoutes(testConfig(world), world.sql)(path)!.verifier;

describe("Shopify intake routes", () => {
  it("accepts a signed webhook on /webhooks/shopify with its id, topic, shop, event id and trigger time", async () => {
    // GIVEN a signed orders/create delivery; WHEN it reaches /webhooks/shopify
    const verdict = await verifier("/webhooks/shopify")(webhookHeaders(), body, now);
    // THEN the inbox gets everything it keys and traces by
    expect(verdict).toEqual({
      ok: true,
      delivery: { deliveryId: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", topic: "orders/create", shopDomain: "acme.myshopify.com", eventId: "evt-1", triggeredAt: new Date("2026-11-24T09:00:00Z") },
    });
  });

  it("refuses on /webhooks/shopify a forged HMAC, and a signed POST without topic or webhook id", async () => {
    const verify = verifier("/webhooks/shopify");
    expect(await verify(webhookHeaders({ "x-shopify-hmac-sha256": sign(body, "another-secret") }), body, now)).toMatchObject({ ok: false });
    expect(await verify(webhookHeaders({ "x-shopify-topic": undefined }), body, now)).toMatchObject({ ok: false });
    expect(await verify(webhookHeaders({ "x-shopify-webhook-id": undefined }), body, now)).toMatchObject({ ok: false });
  });

  it("takes any signed POST on the callback path as the fulfillment-service ping, one delivery per shop and minute", async () => {
    // GIVEN the ping, once bare and once carrying stray webhook headers
    const ping = Buffer.from('{"kind":"FULFILLMENT_REQUEST"}');
    const verify = verifier("/webhooks/shopify/fulfillment_order_notification");
    const bare = await verify({ "x-shopify-hmac-sha256": sign(ping), "x-shopify-shop-domain": "acme.myshopify.com" }, ping, now);
    const stray = await verify({ "x-shopify-hmac-sha256": sign(ping), "x-shopify-shop-domain": "acme.myshopify.com", "x-shopify-topic": "orders/create", "x-shopify-webhook-id": "w1" }, ping, now);
    // THEN both are the same ping delivery; a forged one is refused
    expect(bare).toMatchObject({ ok: true, delivery: { deliveryId: "fo-notification-acme.myshopify.com-2026-11-24T09:00", topic: "fulfillment_order_notification", shopDomain: "acme.myshopify.com" } });
    expect(stray).toEqual(bare);
    expect(await verify({ "x-shopify-hmac-sha256": sign(ping, "another-secret"), "x-shopify-shop-domain": "acme.myshopify.com" }, ping, now)).toMatchObject({ ok: false });
  });
});
