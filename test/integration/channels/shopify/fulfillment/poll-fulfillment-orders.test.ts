/**
 * The fulfillment-service flow against the Shopify sandbox with real Postgres and Redis: Shopify
 * asks, the poll reads assignedFulfillmentOrders, routes and reserves, and answers.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureShopifyOrder } from "../../../../../app/channels/shopify/fulfillment/ensure-order.server";
import { pollFulfillmentOrders } from "../../../../../app/channels/shopify/fulfillment/poll-fulfillment-orders.server";
import { registerFulfillmentService } from "../../../../../app/channels/shopify/fulfillment/register-fulfillment-service.server";
import { gidNumber } from "../../../../../app/channels/shopify/normalize-order";
import { allocations, channelConnections, exceptions, fulfillmentOrders, inventoryLevels, orders, reservations, shops } from "../../../../../app/db/schema";
import { dispatchJobId } from "../../../../../app/queues/keys";
import { QUEUE } from "../../../../../app/queues/names";
import { processMaintenance } from "../../../../../app/queues/processors/maintenance.server";
import { routeAndReserve } from "../../../../../app/routing/route-and-reserve.server";
import { seedWarehouse } from "../../../../helpers/seed";
import { connectShop, NOW, startFlowWorld, US_ADDRESS, type ConnectedShop, type FlowWorld } from "./harness";

let flow: FlowWorld;
beforeAll(async () => {
  flow = await startFlowWorld();
});
afterAll(async () => flow?.close());

const poll = (shop: ConnectedShop) => pollFulfillmentOrders(flow.ctx, { task: "poll-fulfillment-orders", shopDomain: shop.domain, correlationId: "test-poll" });
const sandboxFo = (shop: ConnectedShop, id: bigint) => flow.sandbox.shop(shop.domain).fulfillmentOrders.get(id)!;

async function orderRow(shop: ConnectedShop, orderGid: string) {
  const [row] = await flow.world.db.select().from(orders).where(and(eq(orders.shopId, shop.shopId), eq(orders.externalId, gidNumber(orderGid))));
  return row;
}
const allocationsOf = (orderId: number) => flow.world.db.select().from(allocations).where(eq(allocations.orderId, orderId));
const level = async (warehouseId: number, sku: string) =>
  (await flow.world.db.select().from(inventoryLevels).where(and(eq(inventoryLevels.warehouseId, warehouseId), eq(inventoryLevels.sku, sku))))[0]!;

describe("registering Corridor as the shop's fulfillment service", () => {
  it("creates one service with one location, stores both ids, and does nothing the second time", async () => {
    // GIVEN a connected shop (connectShop registers once)
    const shop = await connectShop(flow, "register-once.myshopify.com");
    // WHEN registration runs again
    const again = await registerFulfillmentService(shop.client, { appUrl: flow.ctx.config.SHOPIFY_APP_URL, db: flow.world.db });
    // THEN Shopify holds exactly one "Corridor" service calling back to /webhooks/shopify, and the ids are kept
    const services = [...flow.sandbox.shop(shop.domain).services.values()];
    expect(services).toHaveLength(1);
    expect(services[0]).toMatchObject({ name: "Corridor", callbackUrl: "http://127.0.0.1/webhooks/shopify", inventoryManagement: true, trackingSupport: true });
    expect(again).toEqual({ ...shop.registration, created: false });
    const [conn] = await flow.world.db.select().from(channelConnections).where(eq(channelConnections.externalAccountId, shop.domain));
    expect(conn!.credentials).toEqual({ fulfillmentServiceId: shop.registration.fulfillmentServiceId, locationId: shop.registration.locationId });
    expect(shop.registration.locationId).toMatch(/^gid:\/\/shopify\/Location\/\d+$/);
  });
});

describe("answering fulfillment requests", () => {
  it("routes a requested order, reserves its stock, accepts it naming the warehouse, and queues its dispatch", async () => {
    // GIVEN stock in Reno and a merchant's order (its orders/create webhook never arrived) sent to Corridor
    const shop = await connectShop(flow, "accept.myshopify.com");
    const wh = await seedWarehouse(flow.world.db, shop.shopId, { code: "US-RNO", country: "US", stock: { MUG: 5 }, destinations: ["US"] });
    const { order, fulfillmentOrder } = await shop.requestFulfillment({ lines: [{ sku: "MUG", quantity: 2, price: "12.50" }], shippingAddress: US_ADDRESS });
    // WHEN the poll runs
    const summary = await poll(shop);
    // THEN Shopify's fulfillment order is accepted with a message naming the warehouse and a ship date
    expect(summary).toMatch(/1 requested \(1 accepted, 0 rejected\)/);
    const fo = sandboxFo(shop, fulfillmentOrder.id);
    expect(fo).toMatchObject({ status: "IN_PROGRESS", requestStatus: "ACCEPTED" });
    expect(fo.responses).toEqual([{ action: "accept_fulfillment", message: "Corridor will ship this from Warehouse US-RNO (US-RNO) by 2026-11-24.", reason: null }]);
    // AND the order was fetched from Shopify with its exact id, routed, and 2 units are held in Reno
    const stored = await orderRow(shop, `gid://shopify/Order/${order.id}`);
    expect(stored).toMatchObject({ externalId: String(order.id), stage: "routed" });
    expect(stored!.canonical.lines[0]).toMatchObject({ sku: "MUG", quantity: 2, unitPrice: 1250 });
    const allocs = await allocationsOf(stored!.id);
    expect(allocs).toHaveLength(1);
    expect(await flow.world.db.select().from(reservations).where(eq(reservations.allocationId, allocs[0]!.id))).toMatchObject([{ sku: "MUG", quantity: 2, status: "held" }]);
    expect(await level(wh.id, "MUG")).toMatchObject({ onHand: 5, reserved: 2 });
    // AND the fulfillment order is stored, linked, with its line item ids; one dispatch job waits
    const [foRow] = await flow.world.db.select().from(fulfillmentOrders).where(eq(fulfillmentOrders.orderId, stored!.id));
    expect(foRow).toMatchObject({ externalId: `gid://shopify/FulfillmentOrder/${fulfillmentOrder.id}`, requestStatus: "ACCEPTED", locationId: shop.registration.locationId });
    expect(foRow!.lines).toEqual([{ id: `gid://shopify/FulfillmentOrderLineItem/${fulfillmentOrder.lineItems[0]!.id}`, sku: "MUG", quantity: 2 }]);
    const job = await flow.queues.get(QUEUE.dispatch).getJob(dispatchJobId(allocs[0]!.id));
    expect(job?.data).toMatchObject({ allocationId: allocs[0]!.id, correlationId: "test-poll" });
  });

  it("rejects an order no warehouse has stock for with INVENTORY_OUT_OF_STOCK and records an exception", async () => {
    // GIVEN a warehouse with 1 unit and an order for 3
    const shop = await connectShop(flow, "no-stock.myshopify.com");
    await seedWarehouse(flow.world.db, shop.shopId, { code: "US-RNO", country: "US", stock: { LAMP: 1 }, destinations: ["US"] });
    const { order, fulfillmentOrder } = await shop.requestFulfillment({ lines: [{ sku: "LAMP", quantity: 3 }], shippingAddress: US_ADDRESS });
    // WHEN the poll runs
    await poll(shop);
    // THEN Shopify's request is rejected with the out-of-stock reason and routing's sentence for the merchant
    const fo = sandboxFo(shop, fulfillmentOrder.id);
    expect(fo).toMatchObject({ status: "OPEN", requestStatus: "REJECTED" });
    expect(fo.responses[0]).toMatchObject({ action: "reject_fulfillment", reason: "INVENTORY_OUT_OF_STOCK" });
    expect(fo.responses[0]!.message).toMatch(/LAMP/);
    // AND nothing is held, and an open exception says why
    const stored = await orderRow(shop, `gid://shopify/Order/${order.id}`);
    expect(stored!.stage).toBe("exception");
    expect(await allocationsOf(stored!.id)).toHaveLength(0);
    const open = await flow.world.db.select().from(exceptions).where(and(eq(exceptions.subject, `order:${stored!.id}`), eq(exceptions.status, "open")));
    expect(open).toMatchObject([{ kind: "unroutable_order", code: "NO_STOCK" }]);
  });

  it("rejects a destination nobody ships to as INTERNATIONAL_SHIPPING_UNAVAILABLE", async () => {
    // GIVEN only a US warehouse serving the US, and an order to Great Britain
    const shop = await connectShop(flow, "no-lane.myshopify.com");
    await seedWarehouse(flow.world.db, shop.shopId, { code: "US-RNO", country: "US", stock: { MUG: 5 }, destinations: ["US"] });
    const { fulfillmentOrder } = await shop.requestFulfillment({ lines: [{ sku: "MUG", quantity: 1 }] });
    // WHEN the poll runs; THEN the reason says the international lane is missing
    await poll(shop);
    expect(sandboxFo(shop, fulfillmentOrder.id).responses[0]).toMatchObject({ action: "reject_fulfillment", reason: "INTERNATIONAL_SHIPPING_UNAVAILABLE" });
  });

  it("changes nothing when polled twice", async () => {
    // GIVEN one accepted and one rejected request after a first poll
    const shop = await connectShop(flow, "twice.myshopify.com");
    const wh = await seedWarehouse(flow.world.db, shop.shopId, { code: "US-RNO", country: "US", stock: { MUG: 5 }, destinations: ["US"] });
    const ok = await shop.requestFulfillment({ lines: [{ sku: "MUG", quantity: 1 }], shippingAddress: US_ADDRESS });
    const ko = await shop.requestFulfillment({ lines: [{ sku: "NOPE", quantity: 1 }], shippingAddress: US_ADDRESS });
    await poll(shop);
    const snapshot = async () => ({
      allocations: (await flow.world.db.execute(sql`SELECT count(*)::int AS n FROM allocations a JOIN orders o ON o.id = a.order_id WHERE o.shop_id = ${shop.shopId}`))[0],
      reservations: (await flow.world.db.execute(sql`SELECT count(*)::int AS n FROM reservations WHERE warehouse_id = ${wh.id}`))[0],
      level: await level(wh.id, "MUG"),
      orders: (await flow.world.db.select({ id: orders.id, revision: orders.revision, stage: orders.stage }).from(orders).where(eq(orders.shopId, shop.shopId))),
      responses: [sandboxFo(shop, ok.fulfillmentOrder.id).responses.length, sandboxFo(shop, ko.fulfillmentOrder.id).responses.length],
      dispatchJobs: await flow.queues.get(QUEUE.dispatch).getJobCountByTypes("waiting"),
    });
    const before = await snapshot();
    // WHEN the poll runs again
    const summary = await poll(shop);
    // THEN there was nothing to answer and nothing changed
    expect(summary).toMatch(/^0 requested/);
    expect(await snapshot()).toEqual(before);
    expect(before.responses).toEqual([1, 1]);
  });

  it("accepts without routing again when a crash struck between routing and accepting", async () => {
    // GIVEN an order Corridor stored and routed, but whose acceptance never reached Shopify
    const shop = await connectShop(flow, "crash.myshopify.com");
    const wh = await seedWarehouse(flow.world.db, shop.shopId, { code: "US-RNO", country: "US", stock: { MUG: 5 }, destinations: ["US"] });
    const { order, fulfillmentOrder } = await shop.requestFulfillment({ lines: [{ sku: "MUG", quantity: 2 }], shippingAddress: US_ADDRESS });
    const { orderId } = await ensureShopifyOrder(flow.world.db, shop.client, { id: shop.shopId, domain: shop.domain }, `gid://shopify/Order/${order.id}`, "before-crash");
    const [{ revision }] = (await flow.world.db.select({ revision: orders.revision }).from(orders).where(eq(orders.id, orderId))) as [{ revision: number }];
    expect((await routeAndReserve(flow.world.db, orderId, revision, { now: NOW, correlationId: "before-crash" })).kind).toBe("routed");
    const [firstAllocation] = await allocationsOf(orderId);
    // WHEN the next poll finds the request still pending
    await poll(shop);
    // THEN it is accepted from the stored decision: still one allocation, still 2 units held
    expect(sandboxFo(shop, fulfillmentOrder.id)).toMatchObject({ status: "IN_PROGRESS", requestStatus: "ACCEPTED" });
    expect(await allocationsOf(orderId)).toMatchObject([{ id: firstAllocation!.id, status: "reserved" }]);
    expect(await level(wh.id, "MUG")).toMatchObject({ reserved: 2 });
    expect(await flow.queues.get(QUEUE.dispatch).getJob(dispatchJobId(firstAllocation!.id))).toBeDefined();
  });

  it("does no work for an uninstalled shop", async () => {
    // GIVEN a pending request for a shop that has uninstalled Corridor
    const shop = await connectShop(flow, "gone.myshopify.com");
    await seedWarehouse(flow.world.db, shop.shopId, { code: "US-RNO", country: "US", stock: { MUG: 5 }, destinations: ["US"] });
    const { fulfillmentOrder } = await shop.requestFulfillment({ lines: [{ sku: "MUG", quantity: 1 }], shippingAddress: US_ADDRESS });
    await flow.world.db.update(shops).set({ status: "uninstalled" }).where(eq(shops.id, shop.shopId));
    // WHEN the maintenance processor runs the poll task
    const result = await processMaintenance(flow.ctx, { task: "poll-fulfillment-orders", shopDomain: shop.domain, correlationId: "t" });
    // THEN it says why it skipped, and Shopify's request is untouched
    expect(result).toBe("skipped: shop is uninstalled");
    expect(sandboxFo(shop, fulfillmentOrder.id)).toMatchObject({ requestStatus: "SUBMITTED", responses: [] });
  });
});

describe("answering cancellation requests", () => {
  it("accepts a cancellation before shipping and puts the held stock back on sale", async () => {
    // GIVEN an accepted order holding 2 units, then the merchant asks to cancel
    const shop = await connectShop(flow, "cancel-ok.myshopify.com");
    const wh = await seedWarehouse(flow.world.db, shop.shopId, { code: "US-RNO", country: "US", stock: { MUG: 5 }, destinations: ["US"] });
    const { order, fulfillmentOrder } = await shop.requestFulfillment({ lines: [{ sku: "MUG", quantity: 2 }], shippingAddress: US_ADDRESS });
    await poll(shop);
    expect(await level(wh.id, "MUG")).toMatchObject({ reserved: 2 });
    await flow.sandbox.merchant.submitCancellationRequest(flow.sandbox.shop(shop.domain), fulfillmentOrder);
    // WHEN the poll runs
    const summary = await poll(shop);
    // THEN the cancellation is accepted, the allocation cancelled, and the reservation released
    expect(summary).toMatch(/1 cancellations \(1 accepted, 0 rejected\)/);
    expect(sandboxFo(shop, fulfillmentOrder.id)).toMatchObject({ status: "CLOSED", requestStatus: "CANCELLATION_ACCEPTED" });
    const stored = await orderRow(shop, `gid://shopify/Order/${order.id}`);
    const [alloc] = await allocationsOf(stored!.id);
    expect(alloc!.status).toBe("cancelled");
    expect(await flow.world.db.select().from(reservations).where(eq(reservations.allocationId, alloc!.id))).toMatchObject([{ status: "released", quantity: 2 }]);
    expect(await level(wh.id, "MUG")).toMatchObject({ onHand: 5, reserved: 0 });
    // AND a second poll finds nothing to do and releases nothing twice
    expect(await poll(shop)).toMatch(/0 cancellations/);
    expect(await level(wh.id, "MUG")).toMatchObject({ reserved: 0 });
  });

  it("rejects a cancellation once the parcel has shipped, telling the merchant what to do", async () => {
    // GIVEN an accepted order whose warehouse has shipped it
    const shop = await connectShop(flow, "cancel-late.myshopify.com");
    await seedWarehouse(flow.world.db, shop.shopId, { code: "US-RNO", country: "US", stock: { MUG: 5 }, destinations: ["US"] });
    const { order, fulfillmentOrder } = await shop.requestFulfillment({ lines: [{ sku: "MUG", quantity: 1 }], shippingAddress: US_ADDRESS });
    await poll(shop);
    const stored = await orderRow(shop, `gid://shopify/Order/${order.id}`);
    await flow.world.db.update(allocations).set({ status: "shipped", carrier: "usps", trackingNumber: "9400111899223197428490" }).where(eq(allocations.orderId, stored!.id));
    await flow.sandbox.merchant.submitCancellationRequest(flow.sandbox.shop(shop.domain), fulfillmentOrder);
    // WHEN the poll runs
    await poll(shop);
    // THEN the cancellation is rejected with a sentence naming the tracking number and the way out
    const fo = sandboxFo(shop, fulfillmentOrder.id);
    expect(fo).toMatchObject({ status: "IN_PROGRESS", requestStatus: "CANCELLATION_REJECTED" });
    expect(fo.responses.at(-1)!.message).toBe(
      `Order ${order.name} has already left the warehouse (tracking 9400111899223197428490), so Corridor can no longer cancel it. Ask the customer to refuse the delivery or start a return.`,
    );
    const [shipped] = await allocationsOf(stored!.id);
    expect(shipped).toMatchObject({ status: "shipped", channelFulfillmentId: null });
    // AND its shipment, which Shopify refused while the cancellation was requested, is pushed again
    const push = await flow.queues.get(QUEUE.pushTracking).getJob(`ship-${shipped!.id}-9400111899223197428490-after-${fulfillmentOrder.id}`);
    expect(push?.data).toMatchObject({ kind: "shipment", allocationId: shipped!.id, trackingNumber: "9400111899223197428490" });
  });
});
