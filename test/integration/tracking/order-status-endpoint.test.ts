/**
 * The order-status block's data endpoint (app/routes/api.order-status.$orderId.tsx) against real
 * Postgres: tracking written through the real warehouse-event path, read back with customer-account
 * session tokens from the Shopify sandbox's minter (contract §8). The shop comes from the token's
 * `dest` only; a foreign shop's token, an expired one or a forged one never sees the parcel.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CanonicalOrder } from "../../../app/domain/order";
import { allocations, orders, shops, warehouses } from "../../../app/db/schema";
import { applyWarehouseEvent } from "../../../app/tracking/apply-warehouse-event.server";
import { CARRIERS, trackingUrl } from "../../../app/warehouses/carriers";
import type { Shipment, TrackingStatus } from "../../../app/warehouses/warehouse";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { mintCustomerAccountToken } from "../../sandboxes/shopify/tokens";
import { callRoute } from "../../helpers/call-route";

const APP = { apiKey: "order-status-api-key", apiSecret: "order-status-secret-0123456789" };
const ALPHA = "alpha-parcels.myshopify.com";
const BRAVO = "bravo-parcels.myshopify.com";
/** Above 2^53 on purpose: the id must stay a string from the URL to the query. */
const ORDER_ID = "6123456789012345678";
const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";
const DAY = 86_400_000;
const T0 = new Date("2026-11-02T08:00:00Z").getTime();
const at = (days: number) => new Date(T0 + days * DAY).toISOString();

const LINEHAUL = "YT2611021234567890";
const LOCAL = "9400111899223344556677";
const DOMESTIC = "9400111899220000000001";
const DOMESTIC_ETA = new Date(T0 + 9 * DAY);

let world: IsolatedWorld;
let route: typeof import("../../../app/routes/api.order-status.$orderId");

async function seedShop(domain: string) {
  const [shop] = await world.db.insert(shops).values({ domain }).returning();
  const [vn, us] = await world.db
    .insert(warehouses)
    .values([
      { shopId: shop!.id, code: "VN-HCM", name: "Ho Chi Minh City", connector: "sandbox", countryCode: "VN", kind: "origin" },
      { shopId: shop!.id, code: "US-RNO", name: "Reno", connector: "sandbox", countryCode: "US", kind: "overseas" },
    ])
    .returning();
  return { shopId: shop!.id, vn: vn!.id, us: us!.id };
}

/** A carrier event through the same writer the warehouse webhooks use. */
async function track(shopId: number, ref: string, carrier: "yunexpress" | "usps", number: string, eventId: string, status: TrackingStatus, happenedAt: string) {
  const spec = CARRIERS[carrier];
  const shipment: Shipment = {
    partnerShipmentId: `shp-${ref}`,
    stage: "shipped",
    carrier: { code: carrier, name: spec.name, shopifyCompany: spec.shopifyCompany },
    trackingNumber: number,
    trackingUrl: trackingUrl(carrier, number),
    shippedAt: at(0),
    lines: [],
    events: [],
  };
  await world.db.transaction((tx) =>
    applyWarehouseEvent(tx, shopId, "sandbox", { kind: "shipment.tracking", clientReference: ref, partnerOrderId: `po-${ref}`, shipment, event: { eventId, status, happenedAt, location: { city: "Los Angeles", countryCode: "US" } } }),
  );
}

async function get(orderId: string, token: string | null, init: { method?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = { Origin: EXTENSION_ORIGIN };
  if (token) headers.Authorization = `Bearer ${token}`;
  const request = new Request(`https://corridor.example/api/order-status/${encodeURIComponent(orderId)}`, { method: init.method ?? "GET", headers });
  const handler = request.method === "GET" ? route.loader : route.action;
  return (await callRoute(handler, request, { orderId })) as Response;
}

beforeAll(async () => {
  world = await isolatedWorld();
  // The route reads config through shopify.server at import, so the environment comes first.
  Object.assign(process.env, {
    NODE_ENV: "test",
    CORRIDOR_DEMO_MODE: "0",
    SHOPIFY_API_KEY: APP.apiKey,
    SHOPIFY_API_SECRET: APP.apiSecret,
    SCOPES: "read_orders,write_fulfillments",
    SHOPIFY_APP_URL: "https://corridor.example",
    DATABASE_URL: world.databaseUrl,
    REDIS_URL: world.redisUrl,
    QUEUE_PREFIX: world.queuePrefix,
    LOG_LEVEL: "silent",
  });
  const alpha = await seedShop(ALPHA);
  await seedShop(BRAVO);
  const [order] = await world.db
    .insert(orders)
    .values({
      shopId: alpha.shopId,
      channel: "shopify",
      externalId: ORDER_ID,
      name: "#1042",
      stage: "routed",
      channelUpdatedAt: new Date(T0),
      canonical: {} as CanonicalOrder, // not read by the journey
      destinationCountry: "US",
      currency: "USD",
      placedAt: new Date(T0 - DAY),
    })
    .returning();
  // Parcel 1 crosses from Vietnam; parcel 2 ships from the US warehouse.
  await world.db.insert(allocations).values([
    { orderId: order!.id, warehouseId: alpha.vn, clientReference: "os-leg-1", status: "accepted", mode: "air", expectedCost: 1200, costCurrency: "USD", expectedDeliveryAt: new Date(T0 + 8 * DAY) },
    { orderId: order!.id, warehouseId: alpha.us, clientReference: "os-leg-2", status: "accepted", mode: "ground", expectedCost: 500, costCurrency: "USD", expectedDeliveryAt: DOMESTIC_ETA },
  ]);
  const s = alpha.shopId;
  await track(s, "os-leg-1", "yunexpress", LINEHAUL, "e1", "carrier_picked_up", at(1));
  await track(s, "os-leg-1", "yunexpress", LINEHAUL, "e2", "in_customs", at(3));
  await track(s, "os-leg-1", "yunexpress", LINEHAUL, "e3", "customs_released", at(4));
  // Hand-over to the local carrier: a new number, the line-haul one kept in history.
  await track(s, "os-leg-1", "usps", LOCAL, "e4", "out_for_delivery", at(5));
  await track(s, "os-leg-1", "usps", LOCAL, "e5", "delivered", at(6));
  // Late arrivals after delivery: one that happened earlier, one stamped after delivery by a skewed clock.
  await track(s, "os-leg-1", "yunexpress", LINEHAUL, "late-before", "in_transit", at(2));
  await track(s, "os-leg-1", "usps", LOCAL, "late-after", "in_transit", at(7));
  await track(s, "os-leg-2", "usps", DOMESTIC, "d1", "carrier_picked_up", at(1));
  await track(s, "os-leg-2", "usps", DOMESTIC, "d2", "in_transit", at(2));
  route = await import("../../../app/routes/api.order-status.$orderId");
});

afterAll(async () => {
  const { closeDb } = await import("../../../app/db/db.server");
  await closeDb();
  await world?.cleanup();
});

describe("GET /api/order-status/:orderId", () => {
  it("answers the shop's own order with its legs in order, each at its latest status, with CORS for the extension", async () => {
    // GIVEN a logged-in shopper's token for the order's shop
    const token = await mintCustomerAccountToken(APP, ALPHA, { customerId: "7001" });
    // WHEN the block asks with the order GID the Order API gives it
    const res = await get(`gid://shopify/Order/${ORDER_ID}`, token);
    // THEN the journey, readable cross-origin and never cached
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.get("Cache-Control")).toContain("no-store");
    const body = await res.json();
    expect(body.legs.map((l: { number: number; status: string }) => [l.number, l.status])).toEqual([
      [1, "delivered"],
      [2, "in_transit"],
    ]);
    const [crossBorder, domestic] = body.legs;
    expect(crossBorder).toMatchObject({
      carrier: "USPS",
      trackingNumber: LOCAL,
      trackingUrl: trackingUrl("usps", LOCAL),
      previousTrackingNumbers: [LINEHAUL],
      customs: "cleared",
      estimatedDelivery: null,
      deliveredAt: at(6),
    });
    expect(crossBorder.events.map((e: { status: string }) => e.status)).toEqual([
      "carrier_picked_up", "in_transit", "in_customs", "customs_released", "out_for_delivery", "delivered", "in_transit",
    ]);
    expect(crossBorder.events[0]).toMatchObject({ carrier: "YunExpress", trackingNumber: LINEHAUL, location: "Los Angeles, US" });
    expect(domestic).toMatchObject({ carrier: "USPS", trackingNumber: DOMESTIC, customs: "not_required", estimatedDelivery: DOMESTIC_ETA.toISOString() });
    expect(body.customs).toBe("cleared");
    expect(body.estimatedDelivery).toBe(DOMESTIC_ETA.toISOString());
  });

  it("keeps a parcel delivered when in-transit events arrive after the delivery", async () => {
    // GIVEN the two late in_transit events stored after "delivered" (setup); WHEN read by plain numeric id
    const res = await get(ORDER_ID, await mintCustomerAccountToken(APP, ALPHA));
    // THEN the parcel still shows delivered, the late events are history only
    const body = await res.json();
    expect(body.legs[0].status).toBe("delivered");
    expect(body.legs[0].events.filter((e: { status: string }) => e.status === "in_transit")).toHaveLength(2);
  });

  it("refuses another shop's token for the same order id with 404 and no parcel data", async () => {
    // GIVEN a valid token minted for a different shop of the same app
    const token = await mintCustomerAccountToken(APP, BRAVO, { customerId: "7001" });
    // WHEN it asks for Alpha's order id
    const res = await get(ORDER_ID, token);
    // THEN nothing about the parcel leaks
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(text).not.toContain(LOCAL);
    expect(text).not.toContain("legs");
  });

  it("answers 404 for an order id the shop does not have, and for a malformed id", async () => {
    const token = await mintCustomerAccountToken(APP, ALPHA);
    expect((await get("6123456789012345679", token)).status).toBe(404);
    expect((await get("gid://shopify/Customer/1", token)).status).toBe(404);
  });

  it.each([
    ["an expired token", { expiresIn: -60 }],
    ["a token signed with another secret", { secret: "not-the-app-secret-0123456789" }],
    ["a token for another app (audience)", { aud: "someone-elses-api-key" }],
    ["a token not valid yet", { nbfOffset: 120, expiresIn: 400 }],
  ])("answers 401 with CORS headers for %s", async (_name, overrides) => {
    // GIVEN a bad token for the right shop; WHEN it asks
    const res = await get(ORDER_ID, await mintCustomerAccountToken(APP, ALPHA, overrides));
    // THEN 401, readable by the extension, with no data
    expect(res.status).toBe(401);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(await res.text()).not.toContain(LOCAL);
  });

  it("answers 401 when no token is sent", async () => {
    expect((await get(ORDER_ID, null)).status).toBe(401);
  });

  it("answers the CORS preflight with 204 and the allowed headers", async () => {
    const res = await get(ORDER_ID, null, { method: "OPTIONS" });
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.get("Access-Control-Allow-Headers")).toContain("Authorization");
  });
});
