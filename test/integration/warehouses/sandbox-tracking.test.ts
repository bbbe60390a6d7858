/**
 * Shipments, tracking and webhooks end to end: the sandbox 3PL ships on its clock, signs each
 * change, and the connector verifies and translates what arrives; faults duplicate, reorder and
 * fail deliveries as partners do.
 */
import { afterEach, describe, expect, it } from "vitest";
import { isValidTrackingNumber, type CarrierCode } from "~/warehouses/carriers";
import { createSandboxWarehouse } from "~/warehouses/sandbox/index";
import { SHOPIFY_EVENT_STATUS, type DispatchRequest, type VerifiedDelivery, type Warehouse } from "~/warehouses/warehouse";
import { DAY, HOUR } from "../../sandboxes/warehouse/clock";
import { startWarehouseSandbox, type WarehouseSandbox, type WarehouseSandboxOptions } from "../../sandboxes/warehouse/server";
import { startReceiver } from "./webhook-receiver";

const request = (countryCode: string, city: string): DispatchRequest => ({
  displayOrderId: "#2001",
  orderedAt: "2026-11-23T10:00:00Z",
  shipTo: { countryCode, city },
  lines: [{ lineRef: "L1", sku: "LAMP", quantity: 1 }],
  speed: "standard",
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function world(options: WarehouseSandboxOptions = {}, answer?: (index: number) => number) {
  const receiver = await startReceiver(answer ? (_d, i) => answer(i) : undefined);
  const sandbox: WarehouseSandbox = await startWarehouseSandbox({
    warehouses: ["VN-HCM", "US-RNO"],
    clock: { mode: "manual" },
    defaultOnHand: 20,
    webhookRetry: { backoffMs: [5, 10, 20] },
    ...options,
    tenants: [{ name: "demo", apiKey: "key-demo", webhookUrl: receiver.url }],
  });
  cleanups.push(receiver.close, sandbox.close);
  const connect = (location: string): Warehouse =>
    createSandboxWarehouse({ baseUrl: sandbox.url, apiKey: "key-demo", webhookSecret: sandbox.tenants[0]!.webhookSecret, partnerLocationId: location });
  const verified = (): VerifiedDelivery[] =>
    receiver.received.map((d) => {
      const verdict = connect("VN-HCM").verifyWebhook(d.headers, d.raw);
      if (!verdict.ok) throw new Error(`refused: ${verdict.reason} ${verdict.detail}`);
      return verdict;
    });
  return { sandbox, receiver, connect, verified };
}

describe("shipment and tracking flow", () => {
  it("ships a Vietnam order to the US with DHL eCommerce Asia, through customs, to delivery", async () => {
    const { sandbox, connect, verified } = await world();
    const hcm = connect("VN-HCM");
    // GIVEN an accepted cross-border order
    await hcm.submitOrder(request("US", "Austin"), "c-6001-a1");
    expect(await hcm.fetchShipments({ clientReference: "c-6001-a1" })).toEqual([]);
    // WHEN the sandbox clock runs past the whole journey
    sandbox.advance(3 * HOUR);
    const shipped = await hcm.fetchOrder({ clientReference: "c-6001-a1" });
    sandbox.advance(10 * DAY);
    await sandbox.webhooksSettled();
    // THEN it shipped with a carrier fitting the lane, a valid number and URL
    expect(shipped?.stage).toBe("packed");
    const [shipment] = await hcm.fetchShipments({ clientReference: "c-6001-a1" });
    expect(shipment).toMatchObject({ stage: "shipped", status: "delivered", carrier: { code: "dhl-ecommerce-asia", shopifyCompany: "DHL eCommerce Asia" } });
    expect(isValidTrackingNumber(shipment!.carrier!.code as CarrierCode, shipment!.trackingNumber!)).toBe(true);
    expect(shipment!.trackingUrl).toContain(shipment!.trackingNumber);
    // AND its events go through customs in order, each with a Shopify event status
    expect(shipment!.events.map((e) => e.status)).toEqual(["label_purchased", "carrier_picked_up", "in_transit", "in_customs", "customs_released", "out_for_delivery", "delivered"]);
    expect(shipment!.events.map((e) => SHOPIFY_EVENT_STATUS[e.status])).toEqual(["LABEL_PURCHASED", "CARRIER_PICKED_UP", "IN_TRANSIT", "IN_TRANSIT", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED"]);
    const times = shipment!.events.map((e) => e.happenedAt);
    expect([...times].sort()).toEqual(times);
    expect(shipment!.events.at(-1)!.location).toEqual({ city: "Austin", countryCode: "US" });
    // AND every change arrived as a verified webhook: stages, tracking, stock
    const deliveries = verified();
    expect(deliveries.map((d) => d.topic)).toEqual([
      "order.received", "order.picked", "order.packed", "order.shipped", "shipment.tracking", "stock.changed",
      "shipment.tracking", "shipment.tracking", "shipment.tracking", "shipment.tracking", "shipment.tracking", "shipment.tracking",
    ]);
    const stock = deliveries.find((d) => d.event.kind === "stock.changed")!.event;
    expect(stock).toMatchObject({ kind: "stock.changed", levels: [{ sku: "LAMP", partnerLocationId: "VN-HCM", onHand: 19, committed: 0 }] });
    const last = deliveries.at(-1)!.event;
    expect(last).toMatchObject({ kind: "shipment.tracking", clientReference: "c-6001-a1", event: { status: "delivered" }, shipment: { status: "delivered" } });
  });

  it("ships a domestic US order with USPS and no customs steps", async () => {
    const { sandbox, connect } = await world();
    const reno = connect("US-RNO");
    await reno.submitOrder(request("US", "Denver"), "c-6002-a1");
    sandbox.advance(5 * DAY);
    await sandbox.webhooksSettled();
    const [shipment] = await reno.fetchShipments({ clientReference: "c-6002-a1" });
    expect(shipment).toMatchObject({ carrier: { code: "usps", name: "USPS", shopifyCompany: "USPS" }, status: "delivered" });
    expect(isValidTrackingNumber("usps", shipment!.trackingNumber!)).toBe(true);
    expect(shipment!.events.map((e) => e.status)).toEqual(["label_purchased", "carrier_picked_up", "in_transit", "out_for_delivery", "delivered"]);
  });
});

describe("webhook delivery faults", () => {
  it("retries a delivery the receiver refused with the same id and body until it is accepted", async () => {
    // GIVEN a receiver that fails the first two attempts
    const { sandbox, connect, receiver } = await world({}, (i) => (i < 2 ? 500 : 200));
    await connect("US-RNO").submitOrder(request("US", "Denver"), "c-7001-a1");
    await sandbox.webhooksSettled();
    // THEN three attempts of one delivery, identical bytes, the last one accepted
    const attempts = sandbox.records.webhooks.filter((w) => w.topic === "order.received");
    expect(attempts.map((a) => [a.attempt, a.status])).toEqual([[1, 500], [2, 500], [3, 200]]);
    expect(new Set(attempts.map((a) => a.deliveryId)).size).toBe(1);
    expect(new Set(receiver.received.map((d) => d.raw.toString("hex"))).size).toBe(1);
  });

  it("delivers duplicates with the same webhook-id, so the inbox can drop them", async () => {
    const { sandbox, connect, verified } = await world({ faults: { duplicateWebhookRate: 1 } });
    await connect("US-RNO").submitOrder(request("US", "Denver"), "c-7002-a1");
    sandbox.advance(3 * HOUR);
    await sandbox.webhooksSettled();
    const ids = verified().map((d) => d.deliveryId);
    expect(ids.length).toBe(2 * new Set(ids).size);
    expect(sandbox.records.webhooks.filter((w) => w.duplicate)).toHaveLength(new Set(ids).size);
  });

  it("sends a held-back delivery after its successor, and the stage ranks still tell which is newer", async () => {
    const { sandbox, connect, verified } = await world({ faults: { outOfOrderWebhookRate: 1 } });
    await connect("US-RNO").submitOrder(request("US", "Denver"), "c-7003-a1");
    sandbox.advance(2 * HOUR); // picked
    await sandbox.webhooksSettled();
    const deliveries = verified();
    expect(deliveries.map((d) => d.topic)).toEqual(["order.picked", "order.received"]);
    const stages = deliveries.map((d) => (d.event.kind === "order.stage" ? d.event.order : undefined));
    expect(stages[0]!.updatedAt > stages[1]!.updatedAt).toBe(true);
    expect(sandbox.records.webhooks.find((w) => w.topic === "order.received")?.outOfOrder).toBe(true);
  });
});
