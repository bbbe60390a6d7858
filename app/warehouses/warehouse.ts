/**
 * The one interface every partner warehouse connector implements (sandbox 3PL, ShipBob, Amazon
 * MCF, …). Written so a new partner can be added from this file alone; the partner facts it was
 * shaped against are in contracts/marketplaces.md §C–E.
 *
 * A connector folder (app/warehouses/<partner>/) holds: client.ts (all HTTP), map.ts (pure
 * translation between the partner's JSON and the types below), errors.ts (partner errors →
 * app/lib/errors.ts), verify.ts (webhook signatures) and index.ts (a factory returning `Warehouse`).
 *
 * Error contract, the same for every method:
 * - transient trouble (5xx, timeouts, connection resets) → `PartnerError` with `retryable: true`;
 * - the partner asked us to slow down (429) → `PartnerThrottledError` with `retryAfterMs` taken
 *   from its Retry-After (or equivalent) header;
 * - the partner refused the request itself (4xx validation, unknown SKU, no stock, bad
 *   credentials, idempotency conflict) → `PartnerError` with `retryable: false`, a stable `code`
 *   and a `merchantMessage` saying what the merchant can do about it.
 * Never throw a bare Error or a fetch TypeError out of a connector: the dispatch job decides
 * retry-or-exception from `retryable` alone.
 *
 * How the known partners fit (so the next connector knows where its quirks go):
 * - ShipBob: `reference_id` = our reference; a duplicate answers 422 → GET by reference and return
 *   `duplicate: true`; keep its int order id as `partnerOrderId` (cancel needs it); stock is keyed
 *   by `inventory_id`, so the connector owns the SKU → inventory_id map; webhooks are Standard
 *   Webhooks like the sandbox's (reuse sandbox/verify.ts).
 * - Amazon MCF: `sellerFulfillmentOrderId` = our reference and the path key of every call; create
 *   answers an empty body → `pending` (or read back); packages become `Shipment`s; pushes come
 *   through SQS/EventBridge, so `verifyWebhook` answers `not_supported` and `listUpdatedOrders`
 *   (listAllFulfillmentOrders) plus a queue consumer feed the same `WarehouseEvent`s.
 * Per-partner rate limits (ShipBob 150/min sliding, MCF 2 rps burst 30 per operation) belong in the
 * connector's client.ts; a 429 that still gets through surfaces as PartnerThrottledError.
 */
import type { CountryCode, CurrencyCode, ShipTo } from "~/domain/order";
import { InvalidPayloadError } from "~/lib/errors";

/** Connector folders under app/warehouses/ (the warehouses.connector column). */
export type WarehouseConnectorId = "sandbox" | "shipbob" | "amazon-mcf";
export type Sku = string;

// ---------------------------------------------------------------------------------------------
// Our reference (the idempotency key)

/**
 * Our client reference is the idempotency key of a warehouse order (allocations.client_reference):
 * ShipBob `reference_id`, MCF `sellerFulfillmentOrderId`, sandbox `reference`. MCF's limit is the
 * tightest: ≤ 40 characters; and an id with two consecutive spaces was accepted at create but
 * later refused on read, so we allow only [A-Za-z0-9_-].
 */
export const CLIENT_REFERENCE_MAX = 40;
const CLIENT_REFERENCE_RE = /^[A-Za-z0-9_-]{1,40}$/;

export const isValidClientReference = (ref: string): boolean => CLIENT_REFERENCE_RE.test(ref);

/** Throws (non-retryable) when a reference could not be used as every partner's idempotency key. */
export function assertClientReference(ref: string): void {
  if (!isValidClientReference(ref)) {
    throw new InvalidPayloadError(
      "INVALID_CLIENT_REFERENCE",
      `client reference must be 1–${CLIENT_REFERENCE_MAX} characters of [A-Za-z0-9_-], got ${JSON.stringify(ref.slice(0, 60))}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Submitting an order

export type ShippingSpeed = "standard" | "expedited" | "priority";

export interface DispatchLine {
  /** Our line id, unique within the request (MCF `sellerFulfillmentOrderItemId`). */
  lineRef: string;
  sku: Sku;
  quantity: number;
  title?: string;
  /** Per-unit declared value in minor units of `currency` (customs, insurance). */
  unitValue?: number;
  currency?: CurrencyCode;
  weightGrams?: number;
  hsCode?: string;
  countryOfOrigin?: CountryCode;
}

/** Customs documents Corridor makes per shipment (app/domain/customs/documents.ts). */
export type CustomsDocumentKind = "commercial_invoice" | "packing_list" | "cn23";

/**
 * A customs document sent with the order, for partners whose create call takes them (paperless
 * trade: DHL Express MyDHL `documentImages`, the sandbox's `document_images`). Deterministic bytes:
 * a retried create must send the same request.
 */
export interface DispatchDocument {
  kind: CustomsDocumentKind;
  format: "pdf";
  content: Uint8Array;
}

/** What a connector can do beyond the required methods. */
export interface ConnectorCapabilities {
  /** Customs documents the partner takes on create; empty = none (then none are made for it). */
  customsDocuments: readonly CustomsDocumentKind[];
}

/** One outbound order for one warehouse: an allocation of a storefront order. */
export interface DispatchRequest {
  /** Shown on the packing slip (≤ 40 chars for MCF `displayableOrderId`), e.g. "#1001". */
  displayOrderId: string;
  /** When the shopper placed the order, ISO-8601. */
  orderedAt: string;
  shipTo: ShipTo;
  lines: DispatchLine[];
  speed: ShippingSpeed;
  /** Routing's chosen mode, a hint for partners that take one. */
  mode?: "air" | "sea" | "ground" | "express";
  /** Free text for the partner's staff; never personal data. */
  note?: string;
  /** Customs documents for a cross-border shipment, only of kinds in `capabilities.customsDocuments`. */
  documents?: DispatchDocument[];
}

/**
 * What a partner said to a create. `accepted` carries the partner's own order id (ShipBob's int
 * as a string, the sandbox's id). `pending` is for partners that answer a create with an empty
 * body (MCF): the order exists under our reference, and `fetchOrder` reads it back later.
 */
export type DispatchReceipt =
  | {
      status: "accepted";
      clientReference: string;
      partnerOrderId: string;
      /** True when the partner already had this reference and returned the existing order. */
      duplicate: boolean;
      acceptedAt?: string;
    }
  | { status: "pending"; clientReference: string };

/**
 * How to find a warehouse order again. Partners keyed by our reference (MCF, sandbox) need only
 * `clientReference`; ShipBob addresses orders by its int id, so keep `partnerOrderId` when known.
 */
export interface WarehouseOrderRef {
  clientReference: string;
  partnerOrderId?: string;
}

// ---------------------------------------------------------------------------------------------
// Order stages, shipments and tracking

/**
 * Where a warehouse order is, warehouse-side. Partners' vendor statuses map into this (ShipBob
 * Processing/OnHold/Exception/Completed/Cancelled, MCF New/Received/Planning/Processing/Complete…).
 */
export type WarehouseStage =
  | "accepted"
  | "on_hold"
  | "exception"
  | "picked"
  | "packed"
  | "partially_shipped"
  | "shipped"
  | "cancelled";

/** Progress rank of stages: a late webhook for a lower rank never moves an order backwards. */
export const STAGE_RANK: Readonly<Record<WarehouseStage, number>> = {
  accepted: 10,
  on_hold: 15,
  exception: 15,
  picked: 20,
  packed: 30,
  partially_shipped: 40,
  shipped: 50,
  cancelled: 90,
};

/**
 * Parcel status after the warehouse hands over. A superset of Shopify's FulfillmentEventStatus in
 * snake case, plus customs steps that Shopify has no status for (they map to IN_TRANSIT).
 */
export type TrackingStatus =
  | "label_purchased"
  | "label_printed"
  | "confirmed"
  | "ready_for_pickup"
  | "carrier_picked_up"
  | "in_transit"
  | "in_customs"
  | "customs_released"
  | "out_for_delivery"
  | "attempted_delivery"
  | "delayed"
  | "delivered"
  | "failure";

/** Shopify Admin `FulfillmentEventStatus` (contracts/shopify.md §3.5, 11 values). */
export type ShopifyFulfillmentEventStatus =
  | "LABEL_PURCHASED"
  | "LABEL_PRINTED"
  | "CONFIRMED"
  | "READY_FOR_PICKUP"
  | "CARRIER_PICKED_UP"
  | "IN_TRANSIT"
  | "OUT_FOR_DELIVERY"
  | "ATTEMPTED_DELIVERY"
  | "DELAYED"
  | "DELIVERED"
  | "FAILURE";

export const SHOPIFY_EVENT_STATUS: Readonly<Record<TrackingStatus, ShopifyFulfillmentEventStatus>> = {
  label_purchased: "LABEL_PURCHASED",
  label_printed: "LABEL_PRINTED",
  confirmed: "CONFIRMED",
  ready_for_pickup: "READY_FOR_PICKUP",
  carrier_picked_up: "CARRIER_PICKED_UP",
  in_transit: "IN_TRANSIT",
  // Shopify has no customs status; the event message says "held at customs" instead.
  in_customs: "IN_TRANSIT",
  customs_released: "IN_TRANSIT",
  out_for_delivery: "OUT_FOR_DELIVERY",
  attempted_delivery: "ATTEMPTED_DELIVERY",
  delayed: "DELAYED",
  delivered: "DELIVERED",
  failure: "FAILURE",
};

/**
 * Progress rank (tracking_events.sequence): a parcel never moves backwards when events arrive out
 * of order. Side states (delayed, attempted) rank with the step they interrupt; terminal ones last.
 */
export const TRACKING_RANK: Readonly<Record<TrackingStatus, number>> = {
  label_purchased: 10,
  label_printed: 15,
  confirmed: 20,
  ready_for_pickup: 25,
  carrier_picked_up: 30,
  in_transit: 40,
  delayed: 45,
  in_customs: 50,
  customs_released: 55,
  out_for_delivery: 60,
  attempted_delivery: 65,
  delivered: 100,
  failure: 100,
};

export interface TrackingEvent {
  /** Stable id of this event at the partner (or a hash of its fields): dedupe key. */
  eventId: string;
  status: TrackingStatus;
  /** When it happened, per the partner/carrier (ISO-8601), not when we heard of it. */
  happenedAt: string;
  message?: string;
  location?: { city?: string; countryCode?: CountryCode };
  estimatedDeliveryAt?: string;
}

/** The carrier that carries a parcel, named so each storefront accepts it. */
export interface CarrierRef {
  /** Our carrier code (app/warehouses/carriers.ts), e.g. "usps", "yunexpress". */
  code: string;
  /** Human name as the carrier writes it. */
  name: string;
  /**
   * Exact Shopify `FulfillmentTrackingInfo.company`, or null when Shopify does not support this
   * carrier: then send the tracking `url` (a name outside the list gets no generated link).
   */
  shopifyCompany: string | null;
}

/**
 * One trackable parcel. A partner order has 1..n shipments (ShipBob `shipments[]`, MCF packages);
 * a shipment has at most one tracking number, so multi-package partners yield one per package.
 */
export interface Shipment {
  partnerShipmentId: string;
  stage: WarehouseStage;
  carrier?: CarrierRef;
  trackingNumber?: string;
  trackingUrl?: string;
  shippedAt?: string;
  estimatedDeliveryAt?: string;
  lines: { sku: Sku; quantity: number }[];
  /** Latest parcel status, when the carrier has one. */
  status?: TrackingStatus;
  /** Oldest first. */
  events: TrackingEvent[];
}

/** A warehouse order as the partner sees it now. */
export interface WarehouseOrderSnapshot {
  clientReference: string;
  partnerOrderId: string;
  partnerLocationId: string;
  stage: WarehouseStage;
  /** Partner's last-change timestamp: compare before applying (events can arrive out of order). */
  updatedAt: string;
  shipments: Shipment[];
}

/** Whether a cancel went through. `too_late` is an answer, not an error: the parcel has left. */
export type CancelOutcome =
  | { outcome: "cancelled"; alreadyCancelled: boolean }
  | { outcome: "too_late"; stage: WarehouseStage; reason: string };

// ---------------------------------------------------------------------------------------------
// Stock

export interface StockLevel {
  sku: Sku;
  partnerLocationId: string;
  /** Physically present. */
  onHand: number;
  /** Held for accepted orders not yet shipped. */
  committed: number;
  /** What a new order can take (onHand − committed, floored at 0). */
  available: number;
  /** The partner's timestamp for this level: older never overwrites newer in inventory_levels. */
  reportedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Pushed events

/** A partner push, translated. Delivery is at least once and out of order: dedupe on deliveryId. */
export type WarehouseEvent =
  | { kind: "order.stage"; order: WarehouseOrderSnapshot }
  | { kind: "shipment.tracking"; clientReference: string; partnerOrderId: string; shipment: Shipment; event: TrackingEvent }
  | { kind: "stock.changed"; levels: StockLevel[] };

export interface VerifiedDelivery {
  ok: true;
  /** Partner's delivery id (Standard Webhooks `webhook-id`, MCF `NotificationId`): the inbox key. */
  deliveryId: string;
  /** Partner's topic as sent (e.g. "order.shipped"), kept for logs and the inbox row. */
  topic: string;
  /** When the partner sent it (its clock). */
  sentAt: string;
  event: WarehouseEvent;
}

export type WebhookRefusalReason =
  | "missing_headers" // no id / timestamp / signature
  | "bad_signature" // tampered body or wrong secret
  | "stale" // timestamp outside the tolerance: a replay, or a clock far off
  | "malformed" // signed correctly but not a payload we understand
  | "not_supported"; // the partner pushes through queues (MCF: SQS/EventBridge), not HTTP

export interface WebhookRefusal {
  ok: false;
  reason: WebhookRefusalReason;
  detail: string;
}

export type WebhookVerdict = VerifiedDelivery | WebhookRefusal;

/** Header names lower-cased (node:http gives them so); repeated headers as arrays. */
export type IncomingHeaders = Readonly<Record<string, string | string[] | undefined>>;

// ---------------------------------------------------------------------------------------------
// The interface

/** Per-call context: tag the partner request and stop waiting when the job is cancelled. */
export interface CallContext {
  /** Sent as a header the partner logs (sandbox: x-correlation-id), so support can match calls. */
  correlationId?: string;
  signal?: AbortSignal;
}

export interface ConnectionCheck {
  ok: boolean;
  /** Operator-facing summary ("authenticated; locations VN-HCM, US-RNO"). */
  message: string;
  /** Locations the credentials can ship from, when the partner lists them. */
  partnerLocations?: string[];
}

export interface Warehouse {
  readonly connector: WarehouseConnectorId;
  /** The partner's location this instance ships from (ShipBob fulfillment center, MCF marketplace). */
  readonly partnerLocationId: string;
  /** Optional features; absent = none (no documents are attached to its orders). */
  readonly capabilities?: ConnectorCapabilities;

  /**
   * Creates the outbound order, idempotently by `idempotencyKey` (our client reference, validated
   * by assertClientReference). Calling again with the same key and the same request must return
   * the same order (`duplicate: true`), never a second one: that is what makes a retry after a
   * timeout safe. Partners that signal duplicates as an error (ShipBob 422, MCF) must read the
   * existing order back and return it. The same key with a different request is a conflict:
   * non-retryable PartnerError code "IDEMPOTENCY_CONFLICT".
   */
  submitOrder(request: DispatchRequest, idempotencyKey: string, ctx?: CallContext): Promise<DispatchReceipt>;

  /**
   * Cancels the whole order if the partner still can. Cancelling an already cancelled order
   * answers `cancelled` with `alreadyCancelled: true`; an order the partner has shipped (or
   * started picking, where the partner refuses then) answers `too_late`. `idempotencyKey` is sent
   * where the partner takes one; an unknown order is a non-retryable PartnerError "NOT_FOUND".
   */
  cancelOrder(ref: WarehouseOrderRef, idempotencyKey: string, ctx?: CallContext): Promise<CancelOutcome>;

  /**
   * Reads the order back: stage, shipments, tracking. Null when the partner has no order under this
   * reference (a create that never arrived, or MCF before it is visible): the caller may resubmit.
   */
  fetchOrder(ref: WarehouseOrderRef, ctx?: CallContext): Promise<WarehouseOrderSnapshot | null>;

  /** Shipments of the order with carrier, tracking number, URL and events; [] before shipping. */
  fetchShipments(ref: WarehouseOrderRef, ctx?: CallContext): Promise<Shipment[]>;

  /**
   * Orders changed since `since` (ISO-8601, the partner's clock), oldest first: the polling
   * fallback when webhooks are lost (ShipBob `GET /order?…`, MCF `listAllFulfillmentOrders`).
   */
  listUpdatedOrders(since: string, ctx?: CallContext): Promise<WarehouseOrderSnapshot[]>;

  /** Stock at this location for the given SKUs; SKUs the partner does not know come back as 0. */
  fetchStock(skus: readonly Sku[], ctx?: CallContext): Promise<StockLevel[]>;

  /**
   * Verifies a pushed delivery over its exact raw bytes (never re-serialised JSON) and translates
   * it. Never throws for a bad delivery: it answers a typed refusal the intake turns into a 401/400.
   * `now` is injectable for tests of the staleness check.
   */
  verifyWebhook(headers: IncomingHeaders, rawBody: Uint8Array, now?: Date): WebhookVerdict;

  /** Checks credentials and reachability without side effects (the warehouse settings page). */
  testConnection(ctx?: CallContext): Promise<ConnectionCheck>;
}
