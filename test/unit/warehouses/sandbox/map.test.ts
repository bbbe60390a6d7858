import { describe, expect, it } from "vitest";
import { toCarrier, toCreateOrder, toService, toSnapshot, toStockLevels, toWarehouseEvent } from "~/warehouses/sandbox/map";
import { WireOrder, WireWebhook } from "~/warehouses/sandbox/schema";
import type { DispatchRequest } from "~/warehouses/warehouse";

const request: DispatchRequest = {
  displayOrderId: "#1001",
  orderedAt: "2026-11-23T10:00:00Z",
  shipTo: { countryCode: "us", provinceCode: "NV", city: "Reno", zip: "89501", name: "Ada", address1: "1 Main St" },
  lines: [
    { lineRef: "L1", sku: "TSHIRT-RED", quantity: 2, unitValue: 1500, currency: "USD", hsCode: "610910", countryOfOrigin: "VN" },
    { lineRef: "L2", sku: "MUG", quantity: 1 },
  ],
  speed: "standard",
};

// An order as the sandbox answers it (docs/sandbox-3pl.md, GET /v1/orders/{reference}).
const wireOrder = WireOrder.parse({
  id: "so_000042",
  reference: "c-1001-a1",
  warehouse: "VN-HCM",
  status: "shipped",
  created_at: "2026-11-23T10:00:00.000Z",
  updated_at: "2026-11-30T08:00:00.000Z",
  shipments: [
    {
      id: "so_000042-1",
      status: "shipped",
      carrier: { code: "dhl-ecommerce-asia", name: "DHL eCommerce Asia" },
      tracking_number: "VNSGN123456789012",
      tracking_url: "https://ecommerceportal.dhl.com/track/?ref=VNSGN123456789012",
      shipped_at: "2026-11-23T14:00:00.000Z",
      estimated_delivery_at: "2026-11-30T20:00:00.000Z",
      tracking_status: "customs_hold",
      lines: [{ sku: "TSHIRT-RED", quantity: 2 }],
      events: [
        { id: "e3", status: "customs_hold", at: "2026-11-29T08:00:00.000Z", location: { country_code: "US" } },
        { id: "e1", status: "label_created", at: "2026-11-23T14:00:00.000Z", message: "Label created" },
        { id: "e2", status: "picked_up", at: "2026-11-23T18:00:00.000Z" },
      ],
    },
  ],
});

describe("toCreateOrder", () => {
  it("builds the documented create body with our reference as the idempotency key and no empty fields", () => {
    const body = toCreateOrder(request, "c-1001-a1", "US-RNO");
    expect(body).toEqual({
      reference: "c-1001-a1",
      warehouse: "US-RNO",
      display_id: "#1001",
      ordered_at: "2026-11-23T10:00:00Z",
      service: "standard",
      ship_to: { country_code: "US", province_code: "NV", city: "Reno", zip: "89501", name: "Ada", address1: "1 Main St" },
      lines: [
        { line_ref: "L1", sku: "TSHIRT-RED", quantity: 2, unit_value: 1500, currency: "USD", hs_code: "610910", country_of_origin: "VN" },
        { line_ref: "L2", sku: "MUG", quantity: 1 },
      ],
    });
  });

  it("sends customs documents as MyDHL-style document_images, and leaves out kinds the sandbox has no code for", () => {
    // GIVEN an invoice, a packing list and a CN23 as PDF bytes
    const pdf = (s: string) => new TextEncoder().encode(`%PDF-1.3 ${s}`);
    const body = toCreateOrder({ ...request, documents: [
      { kind: "commercial_invoice", format: "pdf", content: pdf("invoice") },
      { kind: "packing_list", format: "pdf", content: pdf("packing") },
      { kind: "cn23", format: "pdf", content: pdf("cn23") },
    ] }, "c-1001-a1", "US-RNO");
    // THEN CIN and DCL, base64, no packing list (MyDHL has no code for one)
    expect(body.document_images).toEqual([
      { type_code: "CIN", image_format: "PDF", content: Buffer.from("%PDF-1.3 invoice").toString("base64") },
      { type_code: "DCL", image_format: "PDF", content: Buffer.from("%PDF-1.3 cn23").toString("base64") },
    ]);
    expect("document_images" in toCreateOrder(request, "c-1001-a1", "US-RNO")).toBe(false);
  });

  it.each([
    [{ speed: "standard" }, "standard"],
    [{ speed: "standard", mode: "sea" }, "economy"],
    [{ speed: "standard", mode: "express" }, "express"],
    [{ speed: "expedited" }, "express"],
    [{ speed: "priority", mode: "air" }, "express"],
  ] as const)("maps %o to the %s service", (input, service) => {
    expect(toService(input)).toBe(service);
  });
});

describe("toSnapshot", () => {
  it("maps stages, carrier with its Shopify name, tracking and events oldest first", () => {
    const snapshot = toSnapshot(wireOrder);
    expect(snapshot).toMatchObject({ clientReference: "c-1001-a1", partnerOrderId: "so_000042", partnerLocationId: "VN-HCM", stage: "shipped" });
    const [shipment] = snapshot.shipments;
    expect(shipment).toMatchObject({
      partnerShipmentId: "so_000042-1",
      carrier: { code: "dhl-ecommerce-asia", name: "DHL eCommerce Asia", shopifyCompany: "DHL eCommerce Asia" },
      trackingNumber: "VNSGN123456789012",
      status: "in_customs",
    });
    expect(shipment!.events.map((e) => [e.eventId, e.status])).toEqual([
      ["e1", "label_purchased"],
      ["e2", "carrier_picked_up"],
      ["e3", "in_customs"],
    ]);
    expect(shipment!.events[2]!.location).toEqual({ countryCode: "US" });
  });

  it("maps every wire order status to a warehouse stage", () => {
    const stages = (["received", "on_hold", "picked", "packed", "shipped", "cancelled"] as const).map((status) => toSnapshot({ ...wireOrder, status, shipments: [] }).stage);
    expect(stages).toEqual(["accepted", "on_hold", "picked", "packed", "shipped", "cancelled"]);
  });

  it("keeps an unknown carrier's own name and gives Shopify no company for it", () => {
    expect(toCarrier({ code: "kerry-express", name: "Kerry Express" })).toEqual({ code: "kerry-express", name: "Kerry Express", shopifyCompany: null });
  });
});

describe("toStockLevels", () => {
  it("reports asked SKUs in order with the sandbox's timestamp, and a SKU it left out as zero", () => {
    const levels = toStockLevels(
      { warehouse: "US-RNO", as_of: "2026-11-24T00:00:00.000Z", levels: [{ sku: "B", on_hand: 5, committed: 7, available: -2 }, { sku: "A", on_hand: 10, committed: 2, available: 8 }] },
      ["A", "B", "C"],
    );
    expect(levels).toEqual([
      { sku: "A", partnerLocationId: "US-RNO", onHand: 10, committed: 2, available: 8, reportedAt: "2026-11-24T00:00:00.000Z" },
      { sku: "B", partnerLocationId: "US-RNO", onHand: 5, committed: 7, available: 0, reportedAt: "2026-11-24T00:00:00.000Z" },
      { sku: "C", partnerLocationId: "US-RNO", onHand: 0, committed: 0, available: 0, reportedAt: "2026-11-24T00:00:00.000Z" },
    ]);
  });
});

describe("toWarehouseEvent", () => {
  it("turns order.* webhooks into stage events carrying the whole order", () => {
    const event = toWarehouseEvent(WireWebhook.parse({ type: "order.picked", timestamp: "2026-11-23T12:00:00.000Z", data: { order: { ...wireOrder, status: "picked", shipments: [] } } }));
    expect(event).toMatchObject({ kind: "order.stage", order: { stage: "picked", clientReference: "c-1001-a1" } });
  });

  it("turns stock.changed into levels", () => {
    const event = toWarehouseEvent(
      WireWebhook.parse({ type: "stock.changed", timestamp: "t", data: { warehouse: "US-RNO", as_of: "2026-11-24T00:00:00.000Z", levels: [{ sku: "A", on_hand: 3, committed: 0, available: 3 }] } }),
    );
    expect(event).toEqual({ kind: "stock.changed", levels: [{ sku: "A", partnerLocationId: "US-RNO", onHand: 3, committed: 0, available: 3, reportedAt: "2026-11-24T00:00:00.000Z" }] });
  });

  it("refuses an unknown webhook type at the schema", () => {
    expect(WireWebhook.safeParse({ type: "order.teleported", timestamp: "t", data: {} }).success).toBe(false);
  });
});
