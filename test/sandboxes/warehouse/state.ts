/**
 * The sandbox 3PL's in-memory world: tenants (API keys), their orders and stock per warehouse,
 * and the records tests read from the outside. The wire shapes (snake_case) are written here on
 * purpose rather than imported from the connector, so a connector bug cannot hide behind a
 * shared type: the sandbox speaks docs/sandbox-3pl.md, nothing else.
 */
import type { CarrierCode } from "../../../app/warehouses/carriers";

export type OrderStatus = "received" | "on_hold" | "picked" | "packed" | "shipped" | "cancelled";
export type TrackingStatus =
  | "label_created"
  | "picked_up"
  | "in_transit"
  | "customs_hold"
  | "customs_cleared"
  | "out_for_delivery"
  | "delivery_attempted"
  | "delayed"
  | "delivered"
  | "returned";

export interface Tenant {
  name: string;
  apiKey: string;
  /** "whsec_" + base64 key. */
  webhookSecret: string;
  webhookUrl?: string;
}

export interface TrackingEventState {
  id: string;
  status: TrackingStatus;
  at: string;
  message?: string;
  location?: { city?: string; country_code?: string };
}

export interface ShipmentState {
  id: string;
  status: OrderStatus;
  carrier: { code: CarrierCode; name: string };
  tracking_number: string;
  tracking_url: string;
  shipped_at: string;
  estimated_delivery_at: string;
  tracking_status: TrackingStatus;
  lines: { sku: string; quantity: number }[];
  events: TrackingEventState[];
}

export interface CreateOrderBody {
  reference: string;
  warehouse: string;
  display_id: string;
  ordered_at: string;
  service: "economy" | "standard" | "express";
  ship_to: { country_code: string; city?: string; [k: string]: unknown };
  lines: { line_ref: string; sku: string; quantity: number; [k: string]: unknown }[];
  note?: string;
  /** Customs documents, as DHL Express MyDHL API's `documentImages` (snake_case): base64 PDFs. */
  document_images?: DocumentImage[];
}

/** CIN = commercial invoice, DCL = customs declaration (CN23); MyDHL's other codes are refused here. */
export const DOCUMENT_TYPE_CODES = ["CIN", "DCL"] as const;
export interface DocumentImage {
  type_code: (typeof DOCUMENT_TYPE_CODES)[number];
  image_format: "PDF";
  content: string;
}

export interface OrderState {
  id: string;
  tenant: string;
  reference: string;
  warehouse: string;
  status: OrderStatus;
  created_at: string;
  updated_at: string;
  /** Canonical JSON of the create body: same reference + same body = the same order. */
  bodyKey: string;
  body: CreateOrderBody;
  shipments: ShipmentState[];
}

export interface StockState {
  onHand: number;
  committed: number;
}

export interface OrderRecord {
  tenant: string;
  reference: string;
  orderId: string;
  warehouse: string;
  createdAt: string;
  correlationId?: string;
  /** Documents received with the create (their bytes stay on the order: world.getOrder(…).body). */
  documents: { typeCode: string; format: string; bytes: number }[];
}

export interface WebhookRecord {
  deliveryId: string;
  tenant: string;
  topic: string;
  reference?: string;
  attempt: number;
  /** HTTP status of the attempt; 0 when the receiver could not be reached. */
  status: number;
  duplicate: boolean;
  outOfOrder: boolean;
  sentAt: string;
}

export interface RequestRecord {
  method: string;
  path: string;
  /** When the request arrived (real time), and the order reference it names (path or create body). */
  at: string;
  reference?: string;
  status: number;
  tenant?: string;
  correlationId?: string;
  fault?: "5xx" | "timeout" | "timeout_after_commit" | "429";
}

/** What happened, for assertions from the outside (tests, the chaos run). */
export interface SandboxRecords {
  orders: OrderRecord[];
  webhooks: WebhookRecord[];
  requests: RequestRecord[];
}

/** Sorted-key JSON, so key order in the client's body does not make a "different" body. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The order as the API returns it. */
export function orderToWire(order: OrderState) {
  return {
    id: order.id,
    reference: order.reference,
    warehouse: order.warehouse,
    status: order.status,
    created_at: order.created_at,
    updated_at: order.updated_at,
    display_id: order.body.display_id,
    service: order.body.service,
    lines: order.body.lines.map((l) => ({ line_ref: l.line_ref, sku: l.sku, quantity: l.quantity })),
    shipments: order.shipments.map((s) => ({ ...s, lines: s.lines.map((l) => ({ ...l })), events: s.events.map((e) => ({ ...e })) })),
  };
}

/** Country of a warehouse code: "US-RNO" → "US". */
export const warehouseCountry = (code: string): string => code.slice(0, 2).toUpperCase();

const CITIES: Readonly<Record<string, string>> = {
  "VN-HCM": "Ho Chi Minh City",
  "VN-HAN": "Hanoi",
  "US-RNO": "Reno",
  "US-LAX": "Los Angeles",
  "GB-MAN": "Manchester",
  "GB-LHR": "London",
  "DE-FRA": "Frankfurt",
  "JP-TYO": "Tokyo",
  "AU-SYD": "Sydney",
};
export const warehouseCity = (code: string): string => CITIES[code.toUpperCase()] ?? code.slice(3);
