/**
 * Issue 6's promise end to end, every hop through the real code path: a merchant's Shopify order
 * (sandbox) → orders/create webhook and fulfillment request → Corridor's intake, poll, routing and
 * acceptance → dispatch to the sandbox 3PL → its signed shipment and tracking webhooks → Corridor's
 * inbox → fulfillmentCreate and fulfillmentEventCreate on the Shopify sandbox, ending DELIVERED.
 * Nothing is written to the database by the test after seeding.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminClient } from "../../../app/channels/shopify/admin-client.server";
import { registerFulfillmentService } from "../../../app/channels/shopify/fulfillment/register-fulfillment-service.server";
import { allocations, orders } from "../../../app/db/schema";
import { freePort } from "../../../app/dev/local-services.server";
import { logger } from "../../../app/lib/logger.server";
import { startWorkers, type WorkerPool } from "../../../app/queues/run-workers.server";
import { startWebServer, type WebServer } from "../../../app/server";
import { connectShopByToken } from "../../../app/shops/connect-shop.server";
import { secretBoxFor } from "../../../app/lib/secret-box.server";
import { startShopifySandbox, type ShopifySandbox } from "../../sandboxes/shopify";
import { DAY, HOUR } from "../../sandboxes/warehouse/clock";
import { startWarehouseSandbox, type WarehouseSandbox } from "../../sandboxes/warehouse/server";
import { TEST_API_KEY, TEST_API_SECRET, testConfig } from "../../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { seedWarehouse } from "../../helpers/seed";

const SHOP = "journey.myshopify.com";
const TOKEN = "shpat_journey";
let world: IsolatedWorld;
let web: WebServer;
let pool: WorkerPool;
let shopify: ShopifySandbox;
let threePl: WarehouseSandbox;

async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  world = await isolatedWorld();
  shopify = await startShopifySandbox({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, plan: "plus" });
  threePl = await startWarehouseSandbox({ warehouses: ["US-RNO"], clock: { mode: "manual" }, stock: { "US-RNO": { MUG: 50 } }, tenants: [{ name: "demo", apiKey: "key-demo" }] });
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const config = testConfig(world, { PORT: String(port), SHOPIFY_APP_URL: appUrl, SHOPIFY_ADMIN_API_ORIGIN: shopify.url });
  web = await startWebServer(config, { db: world, admin: false });
  pool = await startWorkers({ config, db: world, logger, relayEveryMs: 200 });
  shopify.webhooks.subscribe(`${appUrl}/webhooks/shopify`);
});
afterAll(async () => {
  await pool?.close();
  await web?.close();
  await threePl?.close();
  await shopify?.close();
  await world?.cleanup();
});

describe("a Shopify order, end to end through Corridor", () => {
  it("reaches the shopper as one fulfillment with the 3PL's tracking, then DELIVERED", async () => {
    // GIVEN a connected shop with Corridor's fulfillment service and a Reno warehouse run by the 3PL
    const shop = shopify.addShop(SHOP, { accessToken: TOKEN });
    const { shopId } = await connectShopByToken(world.db, SHOP, TOKEN, secretBoxFor(testConfig(world)));
    const admin = createAdminClient({ shopDomain: SHOP, accessToken: TOKEN, origin: shopify.url, logger });
    const { locationId } = await registerFulfillmentService(admin, { appUrl: web.url, db: world.db });
    threePl.setWebhookUrl(`${web.url}/webhooks/warehouses/sandbox/${shopId}`);
    await seedWarehouse(world.db, shopId, {
      code: "US-RNO",
      country: "US",
      stock: { MUG: 50 },
      destinations: ["US"],
      connectorConfig: { baseUrl: threePl.url, apiKey: "key-demo", webhookSecret: threePl.tenants[0]!.webhookSecret, partnerLocationId: "US-RNO" },
    });

    // WHEN a shopper orders and the store sends the work to Corridor's location
    const { order, fulfillmentOrder } = shopify.merchant.createOrder(shop, {
      lines: [{ sku: "MUG", quantity: 2, price: "18.00", weightGrams: 400 }],
      shippingAddress: { countryCode: "US", city: "Austin", zip: "73301", provinceCode: "TX" },
      locationId: BigInt(locationId.slice(locationId.lastIndexOf("/") + 1)),
    });
    await shopify.merchant.submitFulfillmentRequest(shop, fulfillmentOrder);

    // THEN Corridor accepts it and the 3PL has it
    await until("the fulfillment request accepted", () => fulfillmentOrder.requestStatus === "ACCEPTED");
    const allocation = await until("the allocation accepted by the 3PL", async () => {
      const [stored] = await world.db.select().from(orders).where(and(eq(orders.shopId, shopId), eq(orders.externalId, String(order.id))));
      if (!stored) return undefined;
      const [a] = await world.db.select().from(allocations).where(and(eq(allocations.orderId, stored.id), eq(allocations.status, "accepted")));
      return a;
    });

    // WHEN the 3PL ships, THEN Shopify holds one fulfillment with the parcel's tracking
    threePl.advance(5 * HOUR);
    await threePl.webhooksSettled();
    const fulfillment = await until("a Shopify fulfillment", () => [...shop.fulfillments.values()].find((f) => f.orderId === order.id));
    const shipped = await until("Corridor to record the fulfillment", async () => {
      const [a] = await world.db.select().from(allocations).where(eq(allocations.id, allocation.id));
      return a?.channelFulfillmentId ? a : undefined;
    });
    expect(fulfillment.trackingInfo).toEqual([{ company: "USPS", number: shipped.trackingNumber, url: shipped.trackingUrl }]);
    expect(shipped.channelFulfillmentId).toBe(`gid://shopify/Fulfillment/${fulfillment.id}`);

    // WHEN the carrier delivers, THEN the fulfillment shows DELIVERED and nothing was doubled
    threePl.advance(10 * DAY);
    await threePl.webhooksSettled();
    await until("DELIVERED on Shopify", () => fulfillment.events.some((e) => e.status === "DELIVERED"), 60_000);
    expect([...shop.fulfillments.values()].filter((f) => f.orderId === order.id)).toHaveLength(1);
    expect(threePl.ordersPerReference().get(`demo/${allocation.clientReference}`)).toBe(1);
    const statuses = fulfillment.events.map((e) => e.status);
    expect(statuses.at(-1)).toBe("DELIVERED");
    expect(new Set(statuses).size).toBe(statuses.length);
    const [final] = await world.db.select().from(orders).where(eq(orders.id, allocation.orderId));
    expect(final!.stage).toBe("delivered");
  });
});
