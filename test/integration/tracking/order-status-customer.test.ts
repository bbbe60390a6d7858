/**
 * The order-status endpoint checks the shopper, not only the shop: an order stored from the orders
 * webhook keeps its Shopify customer (orders.customer_id), and a logged-in customer's token whose
 * `sub` is someone else gets the same 404 as a missing order.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normalizeShopifyOrder } from "../../../app/channels/shopify/normalize-order";
import { orders } from "../../../app/db/schema";
import { upsertOrder } from "../../../app/orders/upsert-order.server";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { mintCustomerAccountToken } from "../../sandboxes/shopify/tokens";
import { callRoute } from "../../helpers/call-route";

const APP = { apiKey: "order-customer-api-key", apiSecret: "order-customer-secret-0123456789" };
const SHOP = "customer-check.myshopify.com";
/** Above 2^53: ids stay strings from the payload to the comparison. */
const ORDER_ID = "6123456789012345679";
const CUSTOMER = "gid://shopify/Customer/9007199254740993";

let world: IsolatedWorld;
let route: typeof import("../../../app/routes/api.order-status.$orderId");

/** An orders/create payload as Shopify sends it (the parts the normaliser reads). */
const payload = (over: Record<string, unknown> = {}) => ({
  id: 1,
  admin_graphql_api_id: `gid://shopify/Order/${ORDER_ID}`,
  name: "#2001",
  currency: "USD",
  created_at: "2026-11-02T08:00:00Z",
  updated_at: "2026-11-02T08:00:00Z",
  line_items: [{ id: 11, admin_graphql_api_id: "gid://shopify/LineItem/11", sku: "MUG", quantity: 1, price: "12.00", grams: 300, title: "Mug" }],
  shipping_address: { country_code: "US", city: "Reno", zip: "89501", address1: "1 Main St", name: "Pat Lee" },
  customer: { id: 7001, admin_graphql_api_id: CUSTOMER }, // the numeric id is ignored: only the GID is exact
  ...over,
});

async function get(token: string): Promise<Response> {
  const request = new Request(`https://corridor.example/api/order-status/${ORDER_ID}`, { headers: { Authorization: `Bearer ${token}`, Origin: "https://extensions.shopifycdn.com" } });
  return (await callRoute(route.loader, request, { orderId: ORDER_ID })) as Response;
}

beforeAll(async () => {
  world = await isolatedWorld();
  Object.assign(process.env, {
    NODE_ENV: "test",
    CORRIDOR_DEMO_MODE: "0",
    SHOPIFY_API_KEY: APP.apiKey,
    SHOPIFY_API_SECRET: APP.apiSecret,
    SCOPES: "read_orders",
    SHOPIFY_APP_URL: "https://corridor.example",
    DATABASE_URL: world.databaseUrl,
    REDIS_URL: world.redisUrl,
    QUEUE_PREFIX: world.queuePrefix,
    LOG_LEVEL: "silent",
  });
  route = await import("../../../app/routes/api.order-status.$orderId");
});

afterAll(async () => {
  const { closeDb } = await import("../../../app/db/db.server");
  await closeDb();
  await world?.cleanup();
});

describe("the order's customer", () => {
  it("is stored from the orders webhook and kept when a later revision does not name it", async () => {
    // GIVEN the webhook's order, WHEN stored, THEN orders.customer_id is the exact Customer GID
    await upsertOrder(world.db, normalizeShopifyOrder(SHOP, payload()), "t1");
    const [row] = await world.db.select({ customerId: orders.customerId }).from(orders).where(eq(orders.externalId, ORDER_ID));
    expect(row!.customerId).toBe(CUSTOMER);
    // WHEN a newer revision arrives without a customer, THEN the known one stays
    await upsertOrder(world.db, normalizeShopifyOrder(SHOP, payload({ customer: null, updated_at: "2026-11-02T09:00:00Z" })), "t2");
    const [after] = await world.db.select({ customerId: orders.customerId, revision: orders.revision }).from(orders).where(eq(orders.externalId, ORDER_ID));
    expect(after).toEqual({ customerId: CUSTOMER, revision: 2 });
  });

  it("may read the order's status; another logged-in customer of the same shop gets 404", async () => {
    const own = await get(await mintCustomerAccountToken(APP, SHOP, { customerId: CUSTOMER }));
    expect(own.status).toBe(200);
    const other = await get(await mintCustomerAccountToken(APP, SHOP, { customerId: "9007199254740994" }));
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ error: "not_found" });
  });

  it("leaves a pre-authenticated visitor (no sub) to the shop boundary", async () => {
    const visitor = await get(await mintCustomerAccountToken(APP, SHOP));
    expect(visitor.status).toBe(200);
  });
});
