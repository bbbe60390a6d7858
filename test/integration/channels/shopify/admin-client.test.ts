import { createHmac, randomUUID } from "node:crypto";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChannelAuthError } from "~/channels/channel";
import { createAdminClient, type AdminClient } from "~/channels/shopify/admin-client.server";
import { SHOPIFY_API_VERSION } from "~/channels/shopify/api-version";
import { CORRIDOR_ACCEPT_FULFILLMENT_REQUEST, CORRIDOR_ASSIGNED_FULFILLMENT_ORDERS, CORRIDOR_REJECT_FULFILLMENT_REQUEST } from "~/channels/shopify/operations/fulfillment-orders";
import { CORRIDOR_FULFILLMENT_SERVICE_CREATE, CORRIDOR_LOCATION_EDIT } from "~/channels/shopify/operations/fulfillment-service";
import { CORRIDOR_FULFILLMENT_CREATE, CORRIDOR_FULFILLMENT_EVENT_CREATE, CORRIDOR_FULFILLMENT_TRACKING_INFO_UPDATE } from "~/channels/shopify/operations/fulfillments";
import { CORRIDOR_INVENTORY_ACTIVATE, CORRIDOR_INVENTORY_ITEMS_BY_SKU, CORRIDOR_INVENTORY_SET_QUANTITIES } from "~/channels/shopify/operations/inventory";
import { CORRIDOR_ORDER } from "~/channels/shopify/operations/orders";
import { CORRIDOR_SHOP } from "~/channels/shopify/operations/shop";
import { ShopifyUserErrorsError } from "~/channels/shopify/user-errors";
import { ThrottleRegistry } from "~/channels/shopify/throttle";
import { startShopifySandbox, type ShopifySandbox } from "../../../sandboxes/shopify";
import { startReceiver } from "./sandbox-harness";

const APP = { apiKey: "corridor-test-key", apiSecret: "corridor-test-secret" };
const logger = pino({ level: "silent" });
let sandbox: ShopifySandbox;

beforeAll(async () => {
  sandbox = await startShopifySandbox({ ...APP, plan: "standard", webhookTimeScale: 0.00001 });
});
afterAll(async () => sandbox.close());

function clientFor(domain: string, token: string, extra: Partial<Parameters<typeof createAdminClient>[0]> = {}): AdminClient {
  return createAdminClient({ shopDomain: domain, accessToken: token, origin: sandbox.url, logger, throttle: new ThrottleRegistry(), baseBackoffMs: 5, ...extra });
}

async function rawPost(token: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${sandbox.url}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": token },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; locations?: unknown; extensions?: { code?: string } }>; extensions?: { cost?: Record<string, unknown> } } };
}

/** A shop with a Corridor fulfillment service in Vietnam and one item stocked there. */
async function shopWithService() {
  const domain = `s-${randomUUID().slice(0, 8)}.myshopify.com`;
  const token = `shpat_${randomUUID()}`;
  sandbox.addShop(domain, { accessToken: token });
  const client = clientFor(domain, token);
  const created = await client.request(CORRIDOR_FULFILLMENT_SERVICE_CREATE, { name: "Corridor Hanoi", callbackUrl: null });
  const locationId = created.fulfillmentServiceCreate!.fulfillmentService!.location!.id;
  return { domain, token, client, locationId, shop: sandbox.shop(domain) };
}

describe("Admin client against the Shopify sandbox", () => {
  it("registers a service, answers a fulfillment request and ships it with tracking and events", async () => {
    // GIVEN a service whose callback and webhooks reach a local receiver
    const receiver = await startReceiver();
    sandbox.webhooks.subscribe(`${receiver.url}/webhooks/shopify`);
    const domain = `flow-${randomUUID().slice(0, 8)}.myshopify.com`;
    sandbox.addShop(domain, { accessToken: "shpat_flow" });
    const client = clientFor(domain, "shpat_flow");
    const created = await client.request(CORRIDOR_FULFILLMENT_SERVICE_CREATE, { name: "Corridor HCMC", callbackUrl: `${receiver.url}/fs` });
    const svc = created.fulfillmentServiceCreate!.fulfillmentService!;
    expect(svc.inventoryManagement && svc.trackingSupport).toBe(true);
    const locationId = svc.location!.id;
    const edited = await client.request(CORRIDOR_LOCATION_EDIT, { id: locationId, input: { address: { countryCode: "VN", city: "Ho Chi Minh City" } } });
    expect(edited.locationEdit!.location!.address.countryCode).toBe("VN");

    // WHEN the merchant places an order on that location and submits a fulfillment request
    const shop = sandbox.shop(domain);
    const { order, fulfillmentOrder } = sandbox.merchant.createOrder(shop, {
      lines: [{ sku: "AO-DAI-RED", quantity: 2, price: "45.00", weightGrams: 600, hsCode: "6204.49", countryOfOrigin: "VN" }],
      locationId: BigInt(locationId.split("/").pop()!),
    });
    await sandbox.merchant.submitFulfillmentRequest(shop, fulfillmentOrder, { message: "Gift wrap" });

    // THEN the ping and the webhooks arrive signed over the exact bytes, ids > 2^53 exact in the raw JSON
    const ping = receiver.received.find((r) => r.path === "/fs/fulfillment_order_notification")!;
    expect(JSON.parse(ping.raw.toString())).toEqual({ kind: "FULFILLMENT_REQUEST" });
    const orderHook = receiver.received.find((r) => r.headers["x-shopify-topic"] === "orders/create")!;
    expect(orderHook.headers["x-shopify-hmac-sha256"]).toBe(createHmac("sha256", APP.apiSecret).update(orderHook.raw).digest("base64"));
    expect(orderHook.raw.toString()).toContain(`"id":${order.id}`);
    expect(order.id > 2n ** 53n).toBe(true);
    for (const h of ["x-shopify-shop-domain", "x-shopify-api-version", "x-shopify-webhook-id", "x-shopify-event-id", "x-shopify-triggered-at"]) expect(orderHook.headers[h]).toBeTruthy();
    expect(receiver.received.some((r) => r.headers["x-shopify-topic"] === "fulfillment_orders/fulfillment_request_submitted")).toBe(true);

    // AND Corridor reads the work, accepts it, ships it, updates tracking and posts DELIVERED
    const work = await client.request(CORRIDOR_ASSIGNED_FULFILLMENT_ORDERS, { assignmentStatus: "FULFILLMENT_REQUESTED", first: 10 });
    const fo = work.assignedFulfillmentOrders.nodes[0]!;
    expect(fo.order.legacyResourceId).toBe(String(order.id));
    expect(fo.merchantRequests.nodes[0]!.message).toBe("Gift wrap");
    await client.request(CORRIDOR_ACCEPT_FULFILLMENT_REQUEST, { id: fo.id, message: "Routed to HCMC" });
    const shipped = await client.request(CORRIDOR_FULFILLMENT_CREATE, {
      fulfillment: {
        lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: [{ id: fo.lineItems.nodes[0]!.id, quantity: 2 }] }],
        trackingInfo: { company: "YunExpress", number: "YT2412345678901234", url: "https://www.yuntrack.com/track?id=YT2412345678901234" },
        notifyCustomer: true,
      },
    });
    const fulfillmentId = shipped.fulfillmentCreate!.fulfillment!.id;
    await client.request(CORRIDOR_FULFILLMENT_TRACKING_INFO_UPDATE, { fulfillmentId, trackingInfoInput: { company: "Royal Mail", number: "RM123456789GB" }, notifyCustomer: true });
    await client.request(CORRIDOR_FULFILLMENT_EVENT_CREATE, { fulfillmentEvent: { fulfillmentId, status: "DELIVERED", happenedAt: new Date().toISOString() } });
    const stored = [...shop.fulfillments.values()][0]!;
    expect(stored.trackingHistory.map((t) => t[0]?.number)).toEqual(["YT2412345678901234", "RM123456789GB"]);
    expect(stored.displayStatus).toBe("DELIVERED");
    expect(shop.fulfillmentOrders.get(fulfillmentOrder.id)!.status).toBe("CLOSED");

    // AND the canonical-order query returns customs data and the shipping line
    const full = await client.request(CORRIDOR_ORDER, { id: `gid://shopify/Order/${order.id}` });
    const line = full.order!.lineItems.nodes[0]!;
    expect(line.variant!.inventoryItem.harmonizedSystemCode).toBe("6204.49");
    expect(full.order!.shippingLine!.title).toBe("Standard");
    await receiver.close();
    sandbox.webhooks.uri = undefined;
  });

  it("turns a refused answer into a ShopifyUserErrorsError", async () => {
    // GIVEN a fulfillment order nobody requested; WHEN Corridor tries to reject it
    const { client, shop, locationId } = await shopWithService();
    const { fulfillmentOrder } = sandbox.merchant.createOrder(shop, { lines: [{ sku: "X", quantity: 1 }], locationId: BigInt(locationId.split("/").pop()!) }, { webhook: false });
    const attempt = client.request(CORRIDOR_REJECT_FULFILLMENT_REQUEST, { id: `gid://shopify/FulfillmentOrder/${fulfillmentOrder.id}`, reason: "INVENTORY_OUT_OF_STOCK", message: "No stock" });
    // THEN a typed error names the mutation
    await expect(attempt).rejects.toBeInstanceOf(ShopifyUserErrorsError);
    await expect(attempt).rejects.toMatchObject({ mutation: "fulfillmentOrderRejectFulfillmentRequest", retryable: false });
  });

  it("raises CHANGE_FROM_QUANTITY_STALE as a typed, retryable error and leaves stock untouched", async () => {
    // GIVEN an item with 5 available at Corridor's location
    const { client, shop, locationId } = await shopWithService();
    const item = sandbox.merchant.ensureItem(shop, { sku: "NON-LA" });
    const itemId = `gid://shopify/InventoryItem/${item.id}`;
    await client.request(CORRIDOR_INVENTORY_ACTIVATE, { inventoryItemId: itemId, locationId, available: 5, key: randomUUID() });
    // WHEN Corridor sets 12 believing the old value was 3
    const push = client.request(CORRIDOR_INVENTORY_SET_QUANTITIES, {
      key: randomUUID(),
      input: { name: "available", reason: "correction", quantities: [{ inventoryItemId: itemId, locationId, quantity: 12, changeFromQuantity: 3 }] },
    });
    // THEN the error is typed with its code, and nothing changed
    const error = await push.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyUserErrorsError);
    expect((error as ShopifyUserErrorsError).isStale).toBe(true);
    expect((error as ShopifyUserErrorsError).retryable).toBe(true);
    const read = await client.request(CORRIDOR_INVENTORY_ITEMS_BY_SKU, { query: "sku:NON-LA", locationId, first: 10 });
    expect(read.inventoryItems.nodes[0]!.inventoryLevel!.quantities.find((q) => q.name === "available")!.quantity).toBe(5);
  });

  it("replays the original result for a repeated idempotency key and applies the change once", async () => {
    const { client, shop, locationId } = await shopWithService();
    const item = sandbox.merchant.ensureItem(shop, { sku: "CA-PHE" });
    const itemId = `gid://shopify/InventoryItem/${item.id}`;
    await client.request(CORRIDOR_INVENTORY_ACTIVATE, { inventoryItemId: itemId, locationId, available: 0, key: randomUUID() });
    const vars = { key: randomUUID(), input: { name: "available", reason: "correction", quantities: [{ inventoryItemId: itemId, locationId, quantity: 7, changeFromQuantity: 0 }] } };
    // WHEN the same push is sent twice (a retry after a lost response)
    const first = await client.request(CORRIDOR_INVENTORY_SET_QUANTITIES, vars);
    const second = await client.request(CORRIDOR_INVENTORY_SET_QUANTITIES, vars);
    // THEN the second answer is the first one (not a stale error), and stock moved once
    expect(second.inventorySetQuantities!.inventoryAdjustmentGroup!.id).toBe(first.inventorySetQuantities!.inventoryAdjustmentGroup!.id);
    expect(item.levels.get(BigInt(locationId.split("/").pop()!))!.quantities).toMatchObject({ available: 7, on_hand: 7 });
  });

  it("refuses inventorySetQuantities without @idempotent, without changeFromQuantity, or over 250 rows", async () => {
    const { token, shop, locationId } = await shopWithService();
    const item = sandbox.merchant.ensureItem(shop, { sku: "BANH-MI" });
    item.levels.set(BigInt(locationId.split("/").pop()!), { locationId: 0n, quantities: { available: 1, on_hand: 1 }, createdAt: "", updatedAt: "" });
    const row = { inventoryItemId: `gid://shopify/InventoryItem/${item.id}`, locationId, quantity: 2 };
    const mutation = (directive: string) =>
      `mutation M($input: InventorySetQuantitiesInput!${directive ? ", $key: String!" : ""}) { inventorySetQuantities(input: $input) ${directive} { userErrors { code field message } } }`;
    const noKey = await rawPost(token, mutation(""), { input: { name: "available", reason: "correction", quantities: [{ ...row, changeFromQuantity: 1 }] } });
    expect(noKey.body.errors?.[0]?.message).toMatch(/@idempotent/);
    const omitted = await rawPost(token, mutation("@idempotent(key: $key)"), { key: randomUUID(), input: { name: "available", reason: "correction", quantities: [row] } });
    const userErrors = (body: { data?: Record<string, unknown> | null }) => (body.data!.inventorySetQuantities as { userErrors: { field: string[]; code: string }[] }).userErrors;
    expect(userErrors(omitted.body)[0]!.field).toEqual(["input", "quantities", "0", "changeFromQuantity"]);
    const committed = await rawPost(token, mutation("@idempotent(key: $key)"), { key: randomUUID(), input: { name: "committed", reason: "correction", quantities: [{ ...row, changeFromQuantity: null }] } });
    expect(userErrors(committed.body)[0]!.code).toBe("INVALID_NAME");
    const tooMany = await rawPost(token, mutation("@idempotent(key: $key)"), { key: randomUUID(), input: { name: "available", reason: "correction", quantities: Array.from({ length: 251 }, () => ({ ...row, changeFromQuantity: null })) } });
    expect(tooMany.body.errors?.[0]?.extensions?.code).toBe("MAX_INPUT_SIZE_EXCEEDED");
  });

  it("rejects an invalid operation with Shopify's envelope, and the client raises it as a PartnerError", async () => {
    const { token, client } = await shopWithService();
    // GIVEN a query for a field 2026-10 does not have
    const raw = await rawPost(token, "query { shop { id permitsSkuSharing } }");
    // THEN 200, errors with locations, cost extension present, no data
    expect(raw.status).toBe(200);
    expect(raw.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/permitsSkuSharing/), locations: [{ line: 1, column: 19 }] });
    expect(raw.body.extensions?.cost).toBeDefined();
    const viaClient = client.request("query CorridorBroken { shop { nope } }" as typeof CORRIDOR_SHOP);
    await expect(viaClient).rejects.toMatchObject({ code: "SHOPIFY_GRAPHQL_ERRORS", retryable: false });
  });

  it("answers 401 to an unknown token and the client raises a non-retryable ChannelAuthError (the merchant must reconnect)", async () => {
    const { domain } = await shopWithService();
    const attempt = clientFor(domain, "shpat_wrong").request(CORRIDOR_SHOP);
    await expect(attempt).rejects.toBeInstanceOf(ChannelAuthError);
    await expect(attempt).rejects.toMatchObject({ status: 401, code: "CHANNEL_AUTH", retryable: false });
  });

  it("retries a query through transient 5xx answers", async () => {
    const { client, domain } = await shopWithService();
    sandbox.injectFaults(503, 502);
    const result = await client.request(CORRIDOR_SHOP);
    expect(result.shop.myshopifyDomain).toBe(domain);
  });

  it("does not resend a non-idempotent mutation after a 5xx, since it may have run", async () => {
    const { client } = await shopWithService();
    sandbox.injectFaults(503);
    const attempt = client.request(CORRIDOR_FULFILLMENT_SERVICE_CREATE, { name: "Corridor Da Nang" });
    await expect(attempt).rejects.toMatchObject({ code: "SHOPIFY_OUTCOME_UNKNOWN", retryable: true });
  });
});

describe("cost-based throttling", () => {
  for (const status of [200, 429] as const) {
    it(`leaves no THROTTLED unhandled when a small bucket is hammered (THROTTLED answered ${status})`, async () => {
      // GIVEN a shop on a tiny bucket (100 points, 100/s) and 20 items
      const domain = `t${status}-${randomUUID().slice(0, 8)}.myshopify.com`;
      const shop = sandbox.addShop(domain, { accessToken: `tok-${domain}`, plan: { maximumAvailable: 100, restoreRate: 100 } });
      for (let i = 0; i < 20; i++) sandbox.merchant.ensureItem(shop, { sku: `SKU-${i}` });
      sandbox.setThrottledStatus(status);
      const client = clientFor(domain, `tok-${domain}`);
      // WHEN 10 concurrent reads each cost 32 points (over three times the bucket)
      const results = await Promise.all(
        Array.from({ length: 10 }, () => client.request(CORRIDOR_INVENTORY_ITEMS_BY_SKU, { query: "", locationId: `gid://shopify/Location/${shop.primaryLocationId}`, first: 10 })),
      );
      sandbox.setThrottledStatus(200);
      // THEN every call returns data; throttled answers, if any, were absorbed by the client
      expect(results.every((r) => r.inventoryItems.nodes.length === 10)).toBe(true);
      const calls = sandbox.log.filter((l) => l.shop === domain);
      expect(calls.filter((c) => !c.throttled)).toHaveLength(10);
      console.info(`[measured] ${status}: ${calls.length} calls for 10 reads, ${calls.filter((c) => c.throttled).length} THROTTLED answers absorbed`);
    });
  }

  it("paces sequential calls from the observed bucket so Shopify rarely has to throttle", async () => {
    const domain = `pace-${randomUUID().slice(0, 8)}.myshopify.com`;
    const shop = sandbox.addShop(domain, { accessToken: `tok-${domain}`, plan: { maximumAvailable: 130, restoreRate: 100 } });
    for (let i = 0; i < 20; i++) sandbox.merchant.ensureItem(shop, { sku: `P-${i}` });
    const client = clientFor(domain, `tok-${domain}`);
    for (let i = 0; i < 8; i++) await client.request(CORRIDOR_INVENTORY_ITEMS_BY_SKU, { query: "", locationId: `gid://shopify/Location/${shop.primaryLocationId}`, first: 20 });
    // THEN at most the first call (cost unknown yet) could meet a throttle; the rest were paced
    expect(sandbox.log.filter((l) => l.shop === domain && l.throttled).length).toBeLessThanOrEqual(1);
  });
});
