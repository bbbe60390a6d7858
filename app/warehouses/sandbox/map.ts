/**
 * Pure translation between Corridor's warehouse types and the sandbox 3PL's wire format
 * (Karrio's mapper.py role): no HTTP, no clock, no secrets.
 */
import { CARRIERS, isCarrierCode } from "../carriers";
import type {
  CarrierRef,
  CustomsDocumentKind,
  DispatchRequest,
  Shipment,
  StockLevel,
  TrackingEvent,
  TrackingStatus,
  WarehouseEvent,
  WarehouseOrderSnapshot,
  WarehouseStage,
} from "../warehouse";
import type { WireCreateOrder, WireDocumentImage, WireEvent, WireOrder, WireShipment, WireStock, WireWebhook } from "./schema";

type WireOrderStatus = WireOrder["status"];
type WireTrackingStatus = WireEvent["status"];

const STAGE: Readonly<Record<WireOrderStatus, WarehouseStage>> = {
  received: "accepted",
  on_hold: "on_hold",
  picked: "picked",
  packed: "packed",
  shipped: "shipped",
  cancelled: "cancelled",
};

const TRACKING: Readonly<Record<WireTrackingStatus, TrackingStatus>> = {
  label_created: "label_purchased",
  picked_up: "carrier_picked_up",
  in_transit: "in_transit",
  customs_hold: "in_customs",
  customs_cleared: "customs_released",
  out_for_delivery: "out_for_delivery",
  delivery_attempted: "attempted_delivery",
  delayed: "delayed",
  delivered: "delivered",
  // Returned to sender: the delivery failed, which is what Shopify's FAILURE means.
  returned: "failure",
};

export const toStage = (status: WireOrderStatus): WarehouseStage => STAGE[status];
export const toTrackingStatus = (status: WireTrackingStatus): TrackingStatus => TRACKING[status];

/** The sandbox's service levels; routing's speed and mode pick one. */
export function toService(request: Pick<DispatchRequest, "speed" | "mode">): WireCreateOrder["service"] {
  if (request.mode === "express" || request.speed !== "standard") return "express";
  if (request.mode === "sea") return "economy";
  return "standard";
}

/** Builds the create body. Absent optional fields are left out, not sent as null. */
export function toCreateOrder(request: DispatchRequest, clientReference: string, warehouse: string): WireCreateOrder {
  const s = request.shipTo;
  const shipTo: WireCreateOrder["ship_to"] = { country_code: s.countryCode.toUpperCase() };
  if (s.provinceCode) shipTo.province_code = s.provinceCode;
  if (s.city) shipTo.city = s.city;
  if (s.zip) shipTo.zip = s.zip;
  if (s.name) shipTo.name = s.name;
  if (s.address1) shipTo.address1 = s.address1;
  if (s.address2) shipTo.address2 = s.address2;
  if (s.phone) shipTo.phone = s.phone;
  if (s.email) shipTo.email = s.email;
  const body: WireCreateOrder = {
    reference: clientReference,
    warehouse,
    display_id: request.displayOrderId,
    ordered_at: request.orderedAt,
    service: toService(request),
    ship_to: shipTo,
    lines: request.lines.map((l) => {
      const line: WireCreateOrder["lines"][number] = { line_ref: l.lineRef, sku: l.sku, quantity: l.quantity };
      if (l.title !== undefined) line.title = l.title;
      if (l.unitValue !== undefined) line.unit_value = l.unitValue;
      if (l.currency !== undefined) line.currency = l.currency;
      if (l.weightGrams !== undefined) line.weight_grams = l.weightGrams;
      if (l.hsCode !== undefined) line.hs_code = l.hsCode;
      if (l.countryOfOrigin !== undefined) line.country_of_origin = l.countryOfOrigin;
      return line;
    }),
  };
  if (request.note) body.note = request.note;
  const images = (request.documents ?? []).flatMap((d) => {
    const code = DOCUMENT_TYPE_CODE[d.kind];
    return code ? [{ type_code: code, image_format: "PDF" as const, content: Buffer.from(d.content).toString("base64") }] : [];
  });
  if (images.length) body.document_images = images;
  return body;
}

/** Our document kinds as the MyDHL-style type codes the sandbox takes; a packing list has none. */
const DOCUMENT_TYPE_CODE: Readonly<Record<CustomsDocumentKind, WireDocumentImage["type_code"] | undefined>> = {
  commercial_invoice: "CIN",
  cn23: "DCL",
  packing_list: undefined,
};

export const SANDBOX_DOCUMENT_KINDS: readonly CustomsDocumentKind[] = ["commercial_invoice", "cn23"];

/** Carrier as Shopify must name it: known codes get the exact Shopify company, unknown ones none. */
export function toCarrier(wire: { code: string; name: string }): CarrierRef {
  if (isCarrierCode(wire.code)) {
    const spec = CARRIERS[wire.code];
    return { code: wire.code, name: spec.name, shopifyCompany: spec.shopifyCompany };
  }
  return { code: wire.code, name: wire.name, shopifyCompany: null };
}

export function toTrackingEvent(wire: WireEvent): TrackingEvent {
  const event: TrackingEvent = { eventId: wire.id, status: toTrackingStatus(wire.status), happenedAt: wire.at };
  if (wire.message) event.message = wire.message;
  if (wire.location) {
    event.location = {};
    if (wire.location.city) event.location.city = wire.location.city;
    if (wire.location.country_code) event.location.countryCode = wire.location.country_code;
  }
  return event;
}

export function toShipment(wire: WireShipment): Shipment {
  const shipment: Shipment = {
    partnerShipmentId: wire.id,
    stage: toStage(wire.status),
    lines: wire.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
    // Oldest first whatever order the partner listed them in.
    events: wire.events.map(toTrackingEvent).sort((a, b) => a.happenedAt.localeCompare(b.happenedAt)),
  };
  if (wire.carrier) shipment.carrier = toCarrier(wire.carrier);
  if (wire.tracking_number) shipment.trackingNumber = wire.tracking_number;
  if (wire.tracking_url) shipment.trackingUrl = wire.tracking_url;
  if (wire.shipped_at) shipment.shippedAt = wire.shipped_at;
  if (wire.estimated_delivery_at) shipment.estimatedDeliveryAt = wire.estimated_delivery_at;
  if (wire.tracking_status) shipment.status = toTrackingStatus(wire.tracking_status);
  return shipment;
}

export function toSnapshot(wire: WireOrder): WarehouseOrderSnapshot {
  return {
    clientReference: wire.reference,
    partnerOrderId: wire.id,
    partnerLocationId: wire.warehouse,
    stage: toStage(wire.status),
    updatedAt: wire.updated_at,
    shipments: wire.shipments.map(toShipment),
  };
}

/**
 * Levels for the asked SKUs, in the asked order. A SKU the sandbox left out is reported as 0 at
 * the sandbox's timestamp: "the partner has none" is information, silence would keep stale stock.
 */
export function toStockLevels(wire: WireStock, skus: readonly string[]): StockLevel[] {
  const bySku = new Map(wire.levels.map((l) => [l.sku, l]));
  return skus.map((sku) => {
    const l = bySku.get(sku);
    return {
      sku,
      partnerLocationId: wire.warehouse,
      onHand: l?.on_hand ?? 0,
      committed: l?.committed ?? 0,
      available: Math.max(0, l?.available ?? 0),
      reportedAt: wire.as_of,
    };
  });
}

export function toWarehouseEvent(wire: WireWebhook): WarehouseEvent {
  switch (wire.type) {
    case "shipment.tracking":
      return {
        kind: "shipment.tracking",
        clientReference: wire.data.reference,
        partnerOrderId: wire.data.order_id,
        shipment: toShipment(wire.data.shipment),
        event: toTrackingEvent(wire.data.event),
      };
    case "stock.changed":
      return { kind: "stock.changed", levels: toStockLevels(wire.data, wire.data.levels.map((l) => l.sku)) };
    default:
      return { kind: "order.stage", order: toSnapshot(wire.data.order) };
  }
}
