/**
 * Shopify behind the Channel interface: verifying deliveries over the raw bytes, fetching an order
 * into the canonical shape, pushing stock to Corridor's location, and adding tracking to an order by
 * its lines, idempotently.
 */
import { createHmac } from "node:crypto";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelConnection } from "../../../../../app/channels/channel";
import { createShopifyChannel } from "../../../../../app/channels/shopify/channel";
import type { ShopifyCredentials } from "../../../../../app/channels/shopify/fulfillment/register-fulfillment-service.server";
import { pollFulfillmentOrders } from "../../../../../app/channels/shopify/fulfillment/poll-fulfillment-orders.server";
import { TEST_API_SECRET } from "../../../../helpers/config";
import { seedWarehouse } from "../../../../helpers/seed";
import { connectShop, US_ADDRESS, type FlowWorld } from "../fulfillment/harness";
import { startProxiedFlowWorld, type SandboxProxy } from "./sandbox-proxy";

let flow: FlowWorld;
let proxy: SandboxProxy;
let closeFlow: () => Promise<void>;
beforeAll(async () => {
  ({ flow, proxy, close: closeFlow } = await startProxiedFlowWorld());
});
afterAll(async () => {
  await closeFlow?.();
});

const channel = () =>
  createShopifyChannel({
    apiSecrets: [TEST_API_SECRET],
    accessToken: async (shop) => `shpat_${shop.split(".")[0]}`,
    adminOrigin: proxy.url,
    logger: pino({ level: "silent" }),
  });

const connection = (domain: string, credentials: ShopifyCredentials): ChannelConnection<ShopifyCredentials> => ({
  id: 1, shopId: 1, channel: "shopify", externalAccountId: domain, status: "connected", credentials, syncCursor: null, lastWebhookAt: null, createdAt: new Date(),
});

const sign = (body: Buffer, secret = TEST_API_SECRET) => createHmac("sha256", secret).update(body).digest("base64");

describe("createShopifyChannel().verifyWebhook", () => {
  const now = new Date("2026-11-24T09:00:30Z");
  const body = Buffer.from('{"id":820982911946154508,"admin_graphql_api_id":"gid://shopify/Order/820982911946154508","name":"#1001"}');
  const headers = (over: Record<string, string> = {}) => ({
    "x-shopify-hmac-sha256": sign(body), "x-shopify-shop-domain": "acme.myshopify.com", "x-shopify-topic": "orders/create",
    "x-shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", "x-shopify-triggered-at": "2026-11-24T09:00:00Z", ...over,
  });

  it("accepts a signed order delivery and points at the order by its exact id", () => {
    const verdict = channel().verifyWebhook(headers(), body, now);
    expect(verdict).toEqual({ ok: true, delivery: { deliveryId: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", topic: "orders/create", shopRef: "acme.myshopify.com", occurredAt: "2026-11-24T09:00:00.000Z", orderRef: { externalId: "820982911946154508" } } });
  });

  it("refuses a wrong secret, a changed byte, and missing headers", () => {
    expect(channel().verifyWebhook(headers({ "x-shopify-hmac-sha256": sign(body, "another-secret") }), body, now)).toMatchObject({ ok: false, refusal: { reason: "bad_signature" } });
    expect(channel().verifyWebhook(headers(), Buffer.from(body.toString().replace("#1001", "#1002")), now)).toMatchObject({ ok: false, refusal: { reason: "bad_signature" } });
    expect(channel().verifyWebhook({ "x-shopify-topic": "orders/create" }, body, now)).toMatchObject({ ok: false, refusal: { reason: "missing_headers" } });
  });

  it("turns the fulfillment-service ping into one delivery per shop and minute", () => {
    const ping = Buffer.from('{"kind":"FULFILLMENT_REQUEST"}');
    const h = { "x-shopify-hmac-sha256": sign(ping), "x-shopify-shop-domain": "acme.myshopify.com" };
    const a = channel().verifyWebhook(h, ping, now);
    const b = channel().verifyWebhook(h, ping, new Date("2026-11-24T09:00:59Z"));
    expect(a).toMatchObject({ ok: true, delivery: { topic: "fulfillment_order_notification", deliveryId: "fo-notification-acme.myshopify.com-2026-11-24T09:00" } });
    expect(b).toEqual(a.ok ? { ...a, delivery: { ...a.delivery, occurredAt: "2026-11-24T09:00:59.000Z" } } : a);
  });
});

describe("createShopifyChannel() against the sandbox", () => {
  it("fetches an order as the canonical order, and pushes a shipment once however often it is called", async () => {
    // GIVEN an order Corridor accepted through the fulfillment-request poll
    const shop = await connectShop(flow, "channel.myshopify.com");
    await seedWarehouse(flow.world.db, shop.shopId, { code: "US-RNO", country: "US", stock: { MUG: 5 } , destinations: ["US"] });
    const { order } = await shop.requestFulfillment({ lines: [{ sku: "MUG", quantity: 2, price: "9.99" }], shippingAddress: US_ADDRESS });
    await pollFulfillmentOrders(flow.ctx, { task: "poll-fulfillment-orders", shopDomain: shop.domain, correlationId: "t" });
    const conn = connection(shop.domain, { locationId: shop.registration.locationId });
    // WHEN the channel fetches it
    const canonical = await channel().fetchOrder(conn, { externalId: String(order.id) });
    // THEN it is the canonical order with exact ids
    expect(canonical).toMatchObject({ channel: "shopify", externalId: String(order.id), name: order.name, shipTo: { countryCode: "US" } });
    expect(canonical.lines).toMatchObject([{ externalLineId: `gid://shopify/LineItem/${order.lineItems[0]!.id}`, sku: "MUG", quantity: 2, unitPrice: 999 }]);
    // WHEN a shipment for its lines is pushed twice
    const shipment = { carrier: "yunexpress", trackingNumber: "YT2412345678901234", lines: [{ externalLineId: canonical.lines[0]!.externalLineId, sku: "MUG", quantity: 2 }] };
    const first = await channel().pushShipment(conn, { externalId: String(order.id) }, shipment);
    const second = await channel().pushShipment(conn, { externalId: String(order.id) }, shipment);
    // THEN one fulfillment, tracked as YunExpress, and the second call says it already existed
    const made = [...flow.sandbox.shop(shop.domain).fulfillments.values()].filter((f) => f.orderId === order.id);
    expect(made).toHaveLength(1);
    expect(made[0]!.trackingInfo).toEqual([{ company: "YunExpress", number: "YT2412345678901234", url: "https://www.yuntrack.com/parcelTracking?id=YT2412345678901234" }]);
    expect(first).toEqual({ channelFulfillmentId: `gid://shopify/Fulfillment/${made[0]!.id}`, alreadyExisted: false });
    expect(second).toEqual({ channelFulfillmentId: first.channelFulfillmentId, alreadyExisted: true });
  });

  it("refuses order refs that are URLs, and a stock push before Corridor has its location", async () => {
    const conn = connection("channel.myshopify.com", {});
    await expect(channel().fetchOrder(conn, { resourceUrl: "https://evil.example/orders/1" })).rejects.toMatchObject({ code: "UNSUPPORTED_ORDER_REF" });
    await expect(channel().pushStock(conn, [{ sku: "MUG", available: 1 }])).rejects.toMatchObject({ code: "SHOPIFY_NO_LOCATION" });
  });

  it("pushes stock at Corridor's location: looks the item up by SKU, stocks it there, then sets it from what it last set", async () => {
    // GIVEN a connected shop with a variant CUP not yet stocked at Corridor's location
    const shop = await connectShop(flow, "stock-channel.myshopify.com");
    const item = flow.sandbox.merchant.ensureItem(flow.sandbox.shop(shop.domain), { sku: "CUP" });
    const locationId = shop.registration.locationId;
    const conn = connection(shop.domain, { locationId });
    const available = () => item.levels.get(BigInt(locationId.slice(locationId.lastIndexOf("/") + 1)))?.quantities.available;
    // WHEN 7 CUP (and an unknown SKU) are pushed with no known item
    const first = await channel().pushStock(conn, [{ sku: "CUP", available: 7, expected: { quantity: null, version: null } }, { sku: "NOT-ON-SHOPIFY", available: 3 }]);
    // THEN CUP is stocked with 7, its item is returned to cache, and the unknown SKU is reported, not dropped
    expect(available()).toBe(7);
    expect(first).toMatchObject({
      pushed: [{ sku: "CUP", locationRef: locationId, quantity: 7 }],
      learnedRefs: [{ sku: "CUP", channelRef: { inventoryItemId: `gid://shopify/InventoryItem/${item.id}` } }],
      skipped: [{ sku: "NOT-ON-SHOPIFY" }],
      stats: { activated: 1 },
    });
    // WHEN 4 are pushed from the base of 7, with the cached item
    const second = await channel().pushStock(conn, [{ sku: "CUP", available: 4, channelRef: first.learnedRefs![0]!.channelRef, expected: { quantity: 7, version: "2026-11-24T09:00:00.000Z" } }]);
    // THEN one inventorySetQuantities call set it to 4
    expect(available()).toBe(4);
    expect(second.calls).toEqual([{ idempotencyKey: expect.any(String), outcome: "pushed", skus: ["CUP"], rows: 1 }]);
  });
});
