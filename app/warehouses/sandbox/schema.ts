/**
 * The sandbox 3PL's wire format (docs/sandbox-3pl.md), parsed by schema so a partner answer we do
 * not understand fails loudly at the edge instead of deep in dispatch. snake_case as on the wire.
 */
import { z } from "zod";

export const WireOrderStatus = z.enum(["received", "on_hold", "picked", "packed", "shipped", "cancelled"]);

export const WireTrackingStatus = z.enum([
  "label_created",
  "picked_up",
  "in_transit",
  "customs_hold",
  "customs_cleared",
  "out_for_delivery",
  "delivery_attempted",
  "delayed",
  "delivered",
  "returned",
]);

export const WireEvent = z.object({
  id: z.string(),
  status: WireTrackingStatus,
  at: z.string(),
  message: z.string().optional(),
  location: z.object({ city: z.string().optional(), country_code: z.string().optional() }).optional(),
});

const WireLine = z.object({ sku: z.string(), quantity: z.number().int() });

export const WireShipment = z.object({
  id: z.string(),
  status: WireOrderStatus,
  carrier: z.object({ code: z.string(), name: z.string() }).nullable().optional(),
  tracking_number: z.string().nullable().optional(),
  tracking_url: z.string().nullable().optional(),
  shipped_at: z.string().nullable().optional(),
  estimated_delivery_at: z.string().nullable().optional(),
  tracking_status: WireTrackingStatus.nullable().optional(),
  lines: z.array(WireLine),
  events: z.array(WireEvent),
});

export const WireOrder = z.object({
  id: z.string(),
  reference: z.string(),
  warehouse: z.string(),
  status: WireOrderStatus,
  created_at: z.string(),
  updated_at: z.string(),
  shipments: z.array(WireShipment),
});

export const WireOrderList = z.object({ orders: z.array(WireOrder), next_cursor: z.string().nullable().optional() });

export const WireStock = z.object({
  warehouse: z.string(),
  as_of: z.string(),
  levels: z.array(z.object({ sku: z.string(), on_hand: z.number().int(), committed: z.number().int(), available: z.number().int() })),
});

export const WireError = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});

export const WirePing = z.object({ ok: z.literal(true), tenant: z.string(), warehouses: z.array(z.string()) });

export const WireWebhook = z.discriminatedUnion("type", [
  z.object({
    type: z.enum(["order.received", "order.picked", "order.packed", "order.shipped", "order.cancelled", "order.on_hold"]),
    timestamp: z.string(),
    data: z.object({ order: WireOrder }),
  }),
  z.object({
    type: z.literal("shipment.tracking"),
    timestamp: z.string(),
    data: z.object({ order_id: z.string(), reference: z.string(), shipment: WireShipment, event: WireEvent }),
  }),
  z.object({ type: z.literal("stock.changed"), timestamp: z.string(), data: WireStock }),
]);

export type WireOrder = z.infer<typeof WireOrder>;
export type WireShipment = z.infer<typeof WireShipment>;
export type WireEvent = z.infer<typeof WireEvent>;
export type WireStock = z.infer<typeof WireStock>;
export type WireWebhook = z.infer<typeof WireWebhook>;

/** The create body the sandbox takes (POST /v1/orders). */
export interface WireCreateOrder {
  reference: string;
  warehouse: string;
  display_id: string;
  ordered_at: string;
  service: "economy" | "standard" | "express";
  ship_to: {
    country_code: string;
    province_code?: string;
    city?: string;
    zip?: string;
    name?: string;
    address1?: string;
    address2?: string;
    phone?: string;
    email?: string;
  };
  lines: { line_ref: string; sku: string; quantity: number; title?: string; unit_value?: number; currency?: string; weight_grams?: number; hs_code?: string; country_of_origin?: string }[];
  note?: string;
  /**
   * Customs documents, shaped as DHL Express MyDHL API's `documentImages` on POST /shipments
   * (paperless trade; snake_case here): `type_code` INV/PNV/COO/NAF/CIN/DCL/AWB, `image_format`,
   * base64 `content`. The sandbox takes CIN (commercial invoice) and DCL (customs declaration, our CN23).
   */
  document_images?: WireDocumentImage[];
}

export interface WireDocumentImage {
  type_code: "CIN" | "DCL";
  image_format: "PDF";
  content: string;
}
