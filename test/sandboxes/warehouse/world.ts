/**
 * What the sandbox 3PL does, without HTTP: accept orders idempotently by reference, commit stock,
 * pick, pack, ship with a carrier fitting the lane, move the parcel along on the simulated clock,
 * cancel before shipment, report stock, and emit a webhook for every change.
 */
import { chooseCarrier, isCrossBorder, makeTrackingNumber, trackingUrl, type LaneInput } from "../../../app/warehouses/carriers";
import { DAY, HOUR, type SimClock } from "./clock";
import {
  canonicalJson,
  DOCUMENT_TYPE_CODES,
  orderToWire,
  warehouseCity,
  warehouseCountry,
  type CreateOrderBody,
  type OrderState,
  type SandboxRecords,
  type ShipmentState,
  type StockState,
  type Tenant,
  type TrackingStatus,
} from "./state";
import type { WebhookSender } from "./webhooks";

/** Simulated durations of each step. */
export interface Timeline {
  pickMs: number;
  packMs: number;
  /** Packed → label bought and handed to the dock. */
  labelMs: number;
  carrierPickupMs: number;
  /** Carrier pickup → first in-transit scan. */
  firstScanMs: number;
  transitDomesticMs: number;
  transitCrossBorderMs: number;
  /** Cross-border parcels wait this long in customs (inside the transit time). */
  customsMs: number;
  /** Out for delivery → delivered. */
  lastMileMs: number;
}

export const DEFAULT_TIMELINE: Timeline = {
  pickMs: 2 * HOUR,
  packMs: 1 * HOUR,
  labelMs: 1 * HOUR,
  carrierPickupMs: 4 * HOUR,
  firstScanMs: 8 * HOUR,
  transitDomesticMs: 2 * DAY,
  transitCrossBorderMs: 7 * DAY,
  customsMs: 1 * DAY,
  lastMileMs: 6 * HOUR,
};

export type CreateResult =
  | { kind: "created" | "replayed" | "conflict"; order: OrderState }
  | { kind: "invalid"; code: string; message: string; field?: string };

export type CancelResult =
  | { kind: "cancelled"; order: OrderState; already: boolean }
  | { kind: "too_late"; order: OrderState }
  | { kind: "not_found" };

export interface WorldOptions {
  warehouses: string[];
  tenants: Tenant[];
  /** Starting on-hand per warehouse and SKU (every tenant starts with the same). */
  stock?: Record<string, Record<string, number>>;
  /** On-hand of a SKU nobody seeded (0 = unknown SKUs are out of stock). */
  defaultOnHand?: number;
  timeline?: Partial<Timeline>;
}

const LAST_MILE = new Set<TrackingStatus>(["out_for_delivery", "delivery_attempted", "delivered"]);
const REFERENCE_RE = /^[A-Za-z0-9_-]{1,40}$/;
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;
/** The sandbox's own limits (DHL documents a per-image size limit too; these are not its figures). */
const MAX_DOCUMENTS = 5;
const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

export class SandboxWorld {
  readonly warehouses: readonly string[];
  readonly tenants: Tenant[];
  readonly timeline: Timeline;
  private readonly orders = new Map<string, OrderState>(); // key: tenant + "\0" + reference
  private readonly stock = new Map<string, StockState>(); // key: tenant \0 warehouse \0 sku
  private seq = 0;

  constructor(
    private readonly options: WorldOptions,
    private readonly clock: SimClock,
    private readonly sender: WebhookSender,
    private readonly records: SandboxRecords,
  ) {
    this.warehouses = options.warehouses.map((w) => w.toUpperCase());
    this.tenants = options.tenants;
    this.timeline = { ...DEFAULT_TIMELINE, ...options.timeline };
  }

  tenantByKey(apiKey: string | undefined): Tenant | undefined {
    return apiKey ? this.tenants.find((t) => t.apiKey === apiKey) : undefined;
  }

  private nowIso(): string {
    return this.clock.now().toISOString();
  }

  private stockOf(tenant: Tenant, warehouse: string, sku: string): StockState {
    const key = `${tenant.name}\0${warehouse}\0${sku}`;
    let s = this.stock.get(key);
    if (!s) {
      s = { onHand: this.options.stock?.[warehouse]?.[sku] ?? this.options.defaultOnHand ?? 0, committed: 0 };
      this.stock.set(key, s);
    }
    return s;
  }

  // ------------------------------------------------------------------------------------------
  // Orders

  validate(body: unknown): CreateOrderBody | { code: string; message: string; field?: string } {
    const b = body as Partial<CreateOrderBody> | null;
    const bad = (field: string, message: string) => ({ code: "VALIDATION", message, field });
    if (!b || typeof b !== "object") return bad("(body)", "body must be a JSON object");
    if (typeof b.reference !== "string" || !REFERENCE_RE.test(b.reference)) return bad("reference", "reference must be 1-40 characters of [A-Za-z0-9_-]");
    if (typeof b.warehouse !== "string" || !this.warehouses.includes(b.warehouse.toUpperCase())) {
      return { code: "UNKNOWN_WAREHOUSE", message: `no warehouse ${String(b.warehouse)}; this account has ${this.warehouses.join(", ")}`, field: "warehouse" };
    }
    if (typeof b.display_id !== "string" || b.display_id.length === 0 || b.display_id.length > 40) return bad("display_id", "display_id must be 1-40 characters");
    if (typeof b.ordered_at !== "string" || Number.isNaN(Date.parse(b.ordered_at))) return bad("ordered_at", "ordered_at must be an ISO-8601 timestamp");
    if (!["economy", "standard", "express"].includes(b.service as string)) return bad("service", "service must be economy, standard or express");
    if (!b.ship_to || typeof b.ship_to.country_code !== "string" || !/^[A-Z]{2}$/.test(b.ship_to.country_code)) return bad("ship_to.country_code", "ship_to.country_code must be ISO 3166-1 alpha-2");
    if (!Array.isArray(b.lines) || b.lines.length === 0) return bad("lines", "lines must not be empty");
    for (const [i, l] of b.lines.entries()) {
      if (!l || typeof l.sku !== "string" || l.sku.length === 0) return bad(`lines[${i}].sku`, "sku is required");
      if (typeof l.line_ref !== "string" || l.line_ref.length === 0) return bad(`lines[${i}].line_ref`, "line_ref is required");
      if (!Number.isInteger(l.quantity) || l.quantity <= 0) return bad(`lines[${i}].quantity`, "quantity must be a positive integer");
    }
    if (b.document_images !== undefined) {
      if (!Array.isArray(b.document_images) || b.document_images.length > MAX_DOCUMENTS) return bad("document_images", `document_images must be a list of at most ${MAX_DOCUMENTS}`);
      for (const [i, d] of b.document_images.entries()) {
        const field = `document_images[${i}]`;
        if (!d || !DOCUMENT_TYPE_CODES.includes(d.type_code)) return bad(`${field}.type_code`, `type_code must be one of ${DOCUMENT_TYPE_CODES.join(", ")}`);
        if (d.image_format !== "PDF") return bad(`${field}.image_format`, "image_format must be PDF");
        const bytes = typeof d.content === "string" && BASE64_RE.test(d.content) ? Buffer.from(d.content, "base64") : undefined;
        if (!bytes || bytes.length > MAX_DOCUMENT_BYTES || bytes.subarray(0, 5).toString("latin1") !== "%PDF-") {
          return bad(`${field}.content`, `content must be a base64 PDF of at most ${MAX_DOCUMENT_BYTES} bytes`);
        }
      }
    }
    return { ...(b as CreateOrderBody), warehouse: b.warehouse.toUpperCase() };
  }

  /** Idempotent by (tenant, reference): same body → the same order; different body → conflict. */
  createOrder(tenant: Tenant, raw: unknown, correlationId?: string): CreateResult {
    const body = this.validate(raw);
    if ("code" in body) return { kind: "invalid", ...body };
    const key = `${tenant.name}\0${body.reference}`;
    const bodyKey = canonicalJson(body);
    const existing = this.orders.get(key);
    if (existing) return { kind: existing.bodyKey === bodyKey ? "replayed" : "conflict", order: existing };

    const wanted = new Map<string, number>();
    for (const l of body.lines) wanted.set(l.sku, (wanted.get(l.sku) ?? 0) + l.quantity);
    for (const [sku, qty] of wanted) {
      const s = this.stockOf(tenant, body.warehouse, sku);
      if (s.onHand - s.committed < qty) {
        return { kind: "invalid", code: "OUT_OF_STOCK", message: `${sku} at ${body.warehouse}: ${Math.max(0, s.onHand - s.committed)} available, ${qty} ordered`, field: "lines" };
      }
    }
    for (const [sku, qty] of wanted) this.stockOf(tenant, body.warehouse, sku).committed += qty;

    const now = this.nowIso();
    const order: OrderState = {
      id: `so_${String(++this.seq).padStart(6, "0")}`,
      tenant: tenant.name,
      reference: body.reference,
      warehouse: body.warehouse,
      status: "received",
      created_at: now,
      updated_at: now,
      bodyKey,
      body,
      shipments: [],
    };
    this.orders.set(key, order);
    const documents = (body.document_images ?? []).map((d) => ({ typeCode: d.type_code, format: d.image_format, bytes: Buffer.from(d.content, "base64").length }));
    this.records.orders.push({ tenant: tenant.name, reference: order.reference, orderId: order.id, warehouse: order.warehouse, createdAt: now, correlationId, documents });
    this.emitOrder(tenant, order);
    this.scheduleFulfilment(tenant, order);
    return { kind: "created", order };
  }

  getOrder(tenant: Tenant, reference: string): OrderState | undefined {
    return this.orders.get(`${tenant.name}\0${reference}`);
  }

  /** Orders of a tenant changed at or after `since`, oldest change first. */
  listOrders(tenant: Tenant, opts: { since?: string; warehouse?: string }): OrderState[] {
    const since = opts.since ? Date.parse(opts.since) : Number.NEGATIVE_INFINITY;
    return [...this.orders.values()]
      .filter((o) => o.tenant === tenant.name && (!opts.warehouse || o.warehouse === opts.warehouse.toUpperCase()) && Date.parse(o.updated_at) >= since)
      .sort((a, b) => a.updated_at.localeCompare(b.updated_at) || a.id.localeCompare(b.id));
  }

  /** Cancels until the parcel is handed to the carrier; releases the committed stock. */
  cancelOrder(tenant: Tenant, reference: string): CancelResult {
    const order = this.getOrder(tenant, reference);
    if (!order) return { kind: "not_found" };
    if (order.status === "cancelled") return { kind: "cancelled", order, already: true };
    if (order.status === "shipped") return { kind: "too_late", order };
    for (const l of order.body.lines) this.stockOf(tenant, order.warehouse, l.sku).committed -= l.quantity;
    this.setStatus(tenant, order, "cancelled");
    return { kind: "cancelled", order, already: false };
  }

  // ------------------------------------------------------------------------------------------
  // Stock

  stockLevels(tenant: Tenant, warehouse: string, skus?: readonly string[]) {
    const wh = warehouse.toUpperCase();
    const list =
      skus && skus.length > 0
        ? skus
        : [...new Set([...this.stock.keys()].filter((k) => k.startsWith(`${tenant.name}\0${wh}\0`)).map((k) => k.split("\0")[2]!).concat(Object.keys(this.options.stock?.[wh] ?? {})))];
    return {
      warehouse: wh,
      as_of: this.nowIso(),
      levels: list.map((sku) => {
        const s = this.stockOf(tenant, wh, sku);
        return { sku, on_hand: s.onHand, committed: s.committed, available: Math.max(0, s.onHand - s.committed) };
      }),
    };
  }

  /** A stock count or inbound receipt changed on-hand (control endpoint). */
  setStock(tenant: Tenant, warehouse: string, sku: string, onHand: number): void {
    this.stockOf(tenant, warehouse.toUpperCase(), sku).onHand = onHand;
    this.emitStock(tenant, warehouse.toUpperCase(), [sku]);
  }

  // ------------------------------------------------------------------------------------------
  // The fulfilment timeline

  private scheduleFulfilment(tenant: Tenant, order: OrderState): void {
    const t = this.timeline;
    const live = () => order.status !== "cancelled";
    this.clock.after(t.pickMs, () => {
      if (!live()) return;
      this.setStatus(tenant, order, "picked");
      this.clock.after(t.packMs, () => {
        if (!live()) return;
        this.setStatus(tenant, order, "packed");
        this.clock.after(t.labelMs, () => live() && this.ship(tenant, order));
      });
    });
  }

  private ship(tenant: Tenant, order: OrderState): void {
    const lane: LaneInput = { origin: warehouseCountry(order.warehouse), destination: order.body.ship_to.country_code, service: order.body.service };
    const carrier = chooseCarrier(lane);
    const trackingNumber = makeTrackingNumber(carrier.code, `${tenant.name}/${order.id}/1`, lane);
    const crossBorder = isCrossBorder(lane);
    const t = this.timeline;
    const transit = crossBorder ? t.transitCrossBorderMs : t.transitDomesticMs;
    const shippedAt = this.clock.nowMs();
    const shipment: ShipmentState = {
      id: `${order.id}-1`,
      status: "shipped",
      carrier: { code: carrier.code, name: carrier.name },
      tracking_number: trackingNumber,
      tracking_url: trackingUrl(carrier.code, trackingNumber),
      shipped_at: new Date(shippedAt).toISOString(),
      estimated_delivery_at: new Date(shippedAt + transit + t.lastMileMs).toISOString(),
      tracking_status: "label_created",
      lines: order.body.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
      events: [],
    };
    // Stock leaves the building: on-hand and the commitment both drop.
    for (const l of order.body.lines) {
      const s = this.stockOf(tenant, order.warehouse, l.sku);
      s.onHand -= l.quantity;
      s.committed -= l.quantity;
    }
    order.shipments.push(shipment);
    this.setStatus(tenant, order, "shipped");
    this.track(tenant, order, shipment, "label_created", `Label created with ${carrier.name}`, order.warehouse);
    this.emitStock(tenant, order.warehouse, [...new Set(order.body.lines.map((l) => l.sku))]);

    const dest = order.body.ship_to.country_code;
    const at = (ms: number, status: TrackingStatus, message: string, where: "origin" | "destination") =>
      this.clock.after(ms, () => this.track(tenant, order, shipment, status, message, where === "origin" ? order.warehouse : dest));
    at(t.carrierPickupMs, "picked_up", `Collected by ${carrier.name}`, "origin");
    at(t.carrierPickupMs + t.firstScanMs, "in_transit", crossBorder ? "Departed origin facility" : "In transit", "origin");
    if (crossBorder) {
      const arrival = Math.max(t.carrierPickupMs + t.firstScanMs + 1, transit - t.customsMs - t.lastMileMs);
      at(arrival, "customs_hold", `Arrived in ${dest}, held for customs clearance`, "destination");
      at(arrival + t.customsMs, "customs_cleared", "Released by customs", "destination");
    }
    at(transit, "out_for_delivery", "Out for delivery", "destination");
    at(transit + t.lastMileMs, "delivered", "Delivered", "destination");
  }

  private track(tenant: Tenant, order: OrderState, shipment: ShipmentState, status: TrackingStatus, message: string, where: string): void {
    const now = this.nowIso();
    const location =
      where.length === 2
        ? // Only the last mile happens in the shopper's city; customs sits at the port of entry.
          { city: LAST_MILE.has(status) ? order.body.ship_to.city : undefined, country_code: where }
        : { city: warehouseCity(where), country_code: warehouseCountry(where) };
    if (location.city === undefined) delete location.city;
    const event = { id: `ev_${shipment.id}_${shipment.events.length + 1}`, status, at: now, message, location };
    shipment.events.push(event);
    shipment.tracking_status = status;
    order.updated_at = now;
    this.sender.send(tenant, "shipment.tracking", { type: "shipment.tracking", timestamp: now, data: { order_id: order.id, reference: order.reference, shipment: orderToWire(order).shipments.find((s) => s.id === shipment.id), event } }, order.reference);
  }

  private setStatus(tenant: Tenant, order: OrderState, status: OrderState["status"]): void {
    order.status = status;
    order.updated_at = this.nowIso();
    for (const s of order.shipments) if (status === "cancelled") s.status = "cancelled";
    this.emitOrder(tenant, order);
  }

  private emitOrder(tenant: Tenant, order: OrderState): void {
    const topic = `order.${order.status}`;
    this.sender.send(tenant, topic, { type: topic, timestamp: order.updated_at, data: { order: orderToWire(order) } }, order.reference);
  }

  private emitStock(tenant: Tenant, warehouse: string, skus: string[]): void {
    const data = this.stockLevels(tenant, warehouse, skus);
    this.sender.send(tenant, "stock.changed", { type: "stock.changed", timestamp: data.as_of, data });
  }
}
