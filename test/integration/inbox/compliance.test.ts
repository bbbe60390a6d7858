/**
 * The mandatory privacy topics and app/uninstalled, delivered as Shopify delivers them (signed,
 * through the real intake and workers): what Corridor exports, erases and stops.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelConnections, complianceRequests, orders, sessionTable, shops, webhookInbox } from "../../../app/db/schema";
import { logger } from "../../../app/lib/logger.server";
import { startWorkers, type WorkerPool } from "../../../app/queues/run-workers.server";
import { startWebServer, type WebServer } from "../../../app/server";
import { testConfig } from "../../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { orderJson, post, signedShopifyDelivery, type Delivery } from "../../helpers/shopify-webhooks";

let world: IsolatedWorld;
let web: WebServer;
let pool: WorkerPool;
const SHOP = "privacy.myshopify.com";

beforeAll(async () => {
  world = await isolatedWorld();
  const config = testConfig(world);
  web = await startWebServer(config, { db: world, admin: false });
  pool = await startWorkers({ config, db: world, logger, relayEveryMs: 200 });
});
afterAll(async () => {
  await pool?.close();
  await web?.close();
  await world?.cleanup();
});

async function deliver(d: Delivery) {
  expect((await post(web.url, "/webhooks/shopify", d)).status).toBe(200);
  for (let i = 0; i < 200; i++) {
    const [row] = await world.db.select().from(webhookInbox).where(eq(webhookInbox.deliveryId, d.headers["x-shopify-webhook-id"]!));
    if (row && row.status !== "pending") return row;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("not processed");
}

describe("privacy and uninstall topics", () => {
  it("customers/data_request exports what Corridor holds about the customer's orders", async () => {
    await deliver(signedShopifyDelivery("orders/create", orderJson({ id: "820982911946154508" }), { shop: SHOP }));
    const body = JSON.stringify({ shop_id: 954889, shop_domain: SHOP, orders_requested: [820982911946154508n.toString()], customer: { id: 191167, email: "lan@example.com", phone: null }, data_request: { id: 9999 } });
    const row = await deliver(signedShopifyDelivery("customers/data_request", body, { shop: SHOP }));
    expect(row.status, row.error ?? "").toBe("processed");
    const [request] = await world.db.select().from(complianceRequests).where(eq(complianceRequests.inboxId, row.id));
    expect(request).toMatchObject({ topic: "customers/data_request", customerRef: "191167" });
    expect(request!.export).toEqual({ orders: [expect.objectContaining({ externalId: "820982911946154508", shipTo: expect.objectContaining({ name: "Lan Nguyen", countryCode: "US" }) })] });
  });

  it("customers/redact erases the customer's personal data from orders and raw deliveries, keeping the country", async () => {
    // GIVEN a second order of the same customer under another email, not listed in the request
    await deliver(signedShopifyDelivery("orders/create", orderJson({ id: "820982911946154599", email: "lan.n@example.com", customerId: 191167 }), { shop: SHOP }));
    const [tied] = await world.db.select().from(orders).where(eq(orders.externalId, "820982911946154599"));
    expect(tied!.customerId).toBe("gid://shopify/Customer/191167");
    // WHEN Shopify asks to redact the customer
    const body = JSON.stringify({ shop_id: 954889, shop_domain: SHOP, customer: { id: 191167, email: "lan@example.com", phone: null }, orders_to_redact: ["820982911946154508"] });
    const row = await deliver(signedShopifyDelivery("customers/redact", body, { shop: SHOP }));
    // THEN both orders keep only their country, and nothing ties them to the customer any more
    expect(row.status, row.error ?? "").toBe("processed");
    for (const externalId of ["820982911946154508", "820982911946154599"]) {
      const [order] = await world.db.select().from(orders).where(eq(orders.externalId, externalId));
      expect(order!.canonical.shipTo).toEqual({ countryCode: "US", provinceCode: "CA" });
      expect(order!.customerId).toBeNull();
      expect(order!.canonical.customerId).toBeUndefined();
    }
    const raw = await world.db.select().from(webhookInbox).where(eq(webhookInbox.topic, "orders/create"));
    for (const r of raw) expect(r.rawBody.toString()).not.toContain("Lan Nguyen");
    const [request] = await world.db.select().from(complianceRequests).where(eq(complianceRequests.inboxId, row.id));
    expect(request!.result).toEqual({ ordersRedacted: 2 });
  });

  it("app/uninstalled revokes the shop's sessions and stops its work; a second delivery is harmless", async () => {
    const [shop] = await world.db.select().from(shops).where(eq(shops.domain, SHOP));
    await world.db.insert(sessionTable).values({ id: `offline_${SHOP}`, shop: SHOP, state: "s", isOnline: false, accessToken: "shpat_x" });
    await world.db.insert(channelConnections).values({ shopId: shop!.id, channel: "shopify", externalAccountId: SHOP, credentials: { locationId: "gid://shopify/Location/1" } });
    const body = JSON.stringify({ id: 954889, name: "Privacy", domain: SHOP, myshopify_domain: SHOP });
    for (let i = 0; i < 2; i++) expect((await deliver(signedShopifyDelivery("app/uninstalled", body, { shop: SHOP }))).status).toBe("processed");
    expect(await world.db.select().from(sessionTable).where(eq(sessionTable.shop, SHOP))).toHaveLength(0);
    expect((await world.db.select().from(shops).where(eq(shops.domain, SHOP)))[0]).toMatchObject({ status: "uninstalled" });
    expect((await world.db.select().from(channelConnections).where(eq(channelConnections.shopId, shop!.id)))[0]).toMatchObject({ status: "disconnected", credentials: {} });
    // A fulfillment request for an uninstalled shop is not acted on.
    const fo = await deliver(signedShopifyDelivery("fulfillment_orders/fulfillment_request_submitted", JSON.stringify({ original_fulfillment_order: { id: "gid://shopify/FulfillmentOrder/1" } }), { shop: SHOP }));
    expect(fo).toMatchObject({ status: "ignored" });
  });

  it("shop/redact erases everything Corridor holds for the shop, keeping only the record of the erasure", async () => {
    const body = JSON.stringify({ shop_id: 954889, shop_domain: SHOP });
    const row = await deliver(signedShopifyDelivery("shop/redact", body, { shop: SHOP }));
    expect(row.status, row.error ?? "").toBe("processed");
    expect(await world.db.select().from(shops).where(eq(shops.domain, SHOP))).toHaveLength(0);
    expect(await world.db.select().from(orders).where(eq(orders.externalId, "820982911946154508"))).toHaveLength(0);
    const left = await world.db.select().from(webhookInbox).where(eq(webhookInbox.shopDomain, SHOP));
    expect(left.map((r) => r.topic)).toEqual(["shop/redact"]);
    const [request] = await world.db.select().from(complianceRequests).where(eq(complianceRequests.inboxId, row.id));
    expect(request!.result).toMatchObject({ shopDeleted: 1 });
    expect(request!.result.deliveriesDeleted).toBeGreaterThanOrEqual(5);
    const exports = await world.db.select().from(complianceRequests).where(eq(complianceRequests.topic, "customers/data_request"));
    expect(exports.map((e) => e.export)).toEqual([null]);
  });
});
