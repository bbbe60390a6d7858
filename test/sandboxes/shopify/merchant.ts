/**
 * The merchant's and Shopify's own actions, which the app only observes: placing an order (with
 * its fulfillment order), assigning it to a service location, submitting fulfillment and
 * cancellation requests. Each emits what Shopify would: the orders/create webhook (REST-style,
 * big-int ids), the fulfillment_orders/… webhooks (GIDs) and the callback ping (§3.2).
 */
import { gid } from "./ids";
import type { FulfillmentOrderRec, OrderRec, SandboxState, ShippingAddressRec, ShopState } from "./state";
import type { WebhookSender } from "./webhooks";

export interface SeedLine {
  sku: string;
  quantity: number;
  /** Decimal string, shop currency ("12.50"). */
  price?: string;
  title?: string;
  weightGrams?: number;
  hsCode?: string | null;
  countryOfOrigin?: string | null;
  countryHsCodes?: Array<{ countryCode: string; harmonizedSystemCode: string }>;
}

export interface SeedOrder {
  lines: SeedLine[];
  shippingAddress?: Partial<ShippingAddressRec>;
  shippingLine?: { title: string; code?: string; price: string } | null;
  email?: string;
  /** Location the fulfillment order is assigned to; default the shop's own location. */
  locationId?: bigint;
}

export class Merchant {
  constructor(private readonly state: SandboxState, private readonly webhooks: WebhookSender, private readonly awaitNotifications: Array<Promise<unknown>>) {}

  /** An inventory item (and its variant) for `sku`, created on first use. */
  ensureItem(shop: ShopState, line: Pick<SeedLine, "sku" | "weightGrams" | "hsCode" | "countryOfOrigin" | "countryHsCodes">) {
    const existing = this.state.findItemBySku(shop, line.sku);
    if (existing) return existing;
    const item = {
      id: this.state.ids.mint(), variantId: this.state.ids.mint(), sku: line.sku, tracked: true,
      hsCode: line.hsCode ?? null, countryOfOrigin: line.countryOfOrigin ?? null, countryHsCodes: line.countryHsCodes ?? [],
      weightGrams: line.weightGrams ?? 250, levels: new Map(),
    };
    shop.inventoryItems.set(item.id, item);
    return item;
  }

  createOrder(shop: ShopState, seed: SeedOrder, opts: { webhook?: boolean } = {}): { order: OrderRec; fulfillmentOrder: FulfillmentOrderRec } {
    const now = this.state.iso();
    const a = seed.shippingAddress ?? {};
    const order: OrderRec = {
      id: this.state.ids.mint(),
      name: `#${++shop.orderNumber}`,
      email: seed.email ?? "shopper@example.com",
      currency: shop.currency,
      createdAt: now,
      updatedAt: now,
      cancelledAt: null,
      shippingAddress: {
        name: a.name ?? "Mai Nguyen", firstName: a.firstName ?? "Mai", lastName: a.lastName ?? "Nguyen", phone: a.phone ?? null,
        address1: a.address1 ?? "221 Baker St", address2: a.address2 ?? null, city: a.city ?? "London",
        provinceCode: a.provinceCode ?? null, zip: a.zip ?? "NW1 6XE", countryCode: a.countryCode ?? "GB",
      },
      shippingLine: seed.shippingLine === null ? null : { id: this.state.ids.mint(), title: seed.shippingLine?.title ?? "Standard", code: seed.shippingLine?.code ?? "STANDARD", source: "shopify", price: seed.shippingLine?.price ?? "5.00" },
      lineItems: seed.lines.map((l) => ({
        id: this.state.ids.mint(), sku: l.sku, title: l.title ?? l.sku, quantity: l.quantity, price: l.price ?? "10.00",
        inventoryItemId: this.ensureItem(shop, l).id, requiresShipping: true,
      })),
    };
    shop.orders.set(order.id, order);
    const fo: FulfillmentOrderRec = {
      id: this.state.ids.mint(), orderId: order.id, locationId: seed.locationId ?? shop.primaryLocationId, status: "OPEN", requestStatus: "UNSUBMITTED",
      createdAt: now, updatedAt: now, merchantRequests: [], responses: [],
      lineItems: order.lineItems.map((li) => ({
        id: this.state.ids.mint(), lineItemId: li.id, inventoryItemId: li.inventoryItemId, sku: li.sku, title: li.title,
        totalQuantity: li.quantity, remainingQuantity: li.quantity, requiresShipping: true,
      })),
    };
    shop.fulfillmentOrders.set(fo.id, fo);
    if (opts.webhook !== false && this.webhooks.uri) this.track(this.webhooks.send(shop.domain, "orders/create", orderRestPayload(shop, order)));
    return { order, fulfillmentOrder: fo };
  }

  /** Moves a fulfillment order to another location (e.g. Corridor's service location). */
  assign(shop: ShopState, fo: FulfillmentOrderRec, locationId: bigint): void {
    if (!shop.locations.has(locationId)) throw new Error(`sandbox: no location ${locationId}`);
    fo.locationId = locationId;
    fo.updatedAt = this.state.iso();
  }

  /** The merchant asks the service to fulfil: SUBMITTED, then the ping and the webhook. */
  async submitFulfillmentRequest(shop: ShopState, fo: FulfillmentOrderRec, opts: { message?: string; notifyCustomer?: boolean } = {}): Promise<void> {
    if (fo.status !== "OPEN" || fo.requestStatus !== "UNSUBMITTED") throw new Error(`sandbox: cannot submit a request for ${fo.status}/${fo.requestStatus}`);
    const original = foWebhookShape(fo);
    fo.requestStatus = "SUBMITTED";
    fo.updatedAt = this.state.iso();
    const request = { id: this.state.ids.mint(), kind: "FULFILLMENT_REQUEST" as const, message: opts.message ?? null, requestOptions: { notify_customer: opts.notifyCustomer ?? true }, sentAt: fo.updatedAt };
    fo.merchantRequests.push(request);
    await this.announce(shop, fo, "FULFILLMENT_REQUEST", "fulfillment_orders/fulfillment_request_submitted", {
      original_fulfillment_order: original,
      submitted_fulfillment_order: foWebhookShape(fo),
      fulfillment_order_merchant_request: { id: gid("FulfillmentOrderMerchantRequest", request.id), message: request.message },
    });
  }

  /** The merchant asks to cancel work the service accepted: CANCELLATION_REQUESTED, ping, webhook. */
  async submitCancellationRequest(shop: ShopState, fo: FulfillmentOrderRec, opts: { message?: string } = {}): Promise<void> {
    if (!["ACCEPTED", "CANCELLATION_REJECTED"].includes(fo.requestStatus)) throw new Error(`sandbox: cannot request cancellation for ${fo.requestStatus}`);
    fo.requestStatus = "CANCELLATION_REQUESTED";
    fo.updatedAt = this.state.iso();
    const request = { id: this.state.ids.mint(), kind: "CANCELLATION_REQUEST" as const, message: opts.message ?? null, requestOptions: null, sentAt: fo.updatedAt };
    fo.merchantRequests.push(request);
    await this.announce(shop, fo, "CANCELLATION_REQUEST", "fulfillment_orders/cancellation_request_submitted", {
      fulfillment_order: foWebhookShape(fo),
      fulfillment_order_merchant_request: { id: gid("FulfillmentOrderMerchantRequest", request.id), message: request.message },
    });
  }

  private async announce(shop: ShopState, fo: FulfillmentOrderRec, kind: string, topic: string, payload: unknown): Promise<void> {
    const svcId = shop.locations.get(fo.locationId)?.fulfillmentServiceId;
    const callbackUrl = svcId == null ? null : shop.services.get(svcId)?.callbackUrl;
    const sends: Array<Promise<unknown>> = [];
    if (callbackUrl) sends.push(this.webhooks.post(`${callbackUrl.replace(/\/$/, "")}/fulfillment_order_notification`, shop.domain, JSON.stringify({ kind })).catch(() => 0));
    if (this.webhooks.uri) sends.push(this.webhooks.send(shop.domain, topic, payload));
    // The ping is answered synchronously; webhook retries may run on, tracked for close().
    await Promise.race([Promise.all(sends), new Promise((r) => setTimeout(r, 2000))]);
    sends.forEach((s) => this.track(s));
  }

  private track(p: Promise<unknown>): void {
    this.awaitNotifications.push(p.catch(() => undefined));
  }
}

const foWebhookShape = (fo: FulfillmentOrderRec) => ({
  id: gid("FulfillmentOrder", fo.id),
  status: fo.status.toLowerCase(),
  // Webhooks spell it `cancellation_request`, GraphQL `CANCELLATION_REQUESTED` (contract §1.8).
  request_status: fo.requestStatus === "CANCELLATION_REQUESTED" ? "cancellation_request" : fo.requestStatus.toLowerCase(),
});

/** The REST-style orders/create body: snake_case, numeric ids > 2^53 written exactly. */
export function orderRestPayload(shop: ShopState, order: OrderRec): Record<string, unknown> {
  const s = order.shippingAddress;
  const total = order.lineItems.reduce((n, l) => n + Number(l.price) * l.quantity, 0) + Number(order.shippingLine?.price ?? 0);
  return {
    id: order.id,
    admin_graphql_api_id: gid("Order", order.id),
    name: order.name,
    email: order.email,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    cancelled_at: order.cancelledAt,
    currency: order.currency,
    total_price: total.toFixed(2),
    line_items: order.lineItems.map((l) => {
      const item = shop.inventoryItems.get(l.inventoryItemId)!;
      return {
        id: l.id, admin_graphql_api_id: gid("LineItem", l.id), sku: l.sku, title: l.title, quantity: l.quantity,
        fulfillable_quantity: l.quantity, price: l.price, grams: item.weightGrams, requires_shipping: l.requiresShipping,
        variant_id: item.variantId, product_id: null, fulfillment_service: "manual",
      };
    }),
    shipping_address: s && {
      name: s.name, first_name: s.firstName, last_name: s.lastName, address1: s.address1, address2: s.address2,
      city: s.city, province_code: s.provinceCode, zip: s.zip, country_code: s.countryCode, phone: s.phone,
    },
    shipping_lines: order.shippingLine ? [{ id: order.shippingLine.id, title: order.shippingLine.title, code: order.shippingLine.code, price: order.shippingLine.price, source: order.shippingLine.source }] : [],
  };
}
