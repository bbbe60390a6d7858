/**
 * Pure translation between TikTok Shop's shapes and Corridor's. No I/O.
 */
import type { CanonicalOrder, OrderLine } from "../../domain/order";
import { InvalidPayloadError } from "../../lib/errors";
import type { TiktokInventorySearch, TiktokLineItem, TiktokOrder } from "./wire";

function currencyExponent(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** "19.99" USD → 1999. Parsed as text: floats would turn 0.29 into 28.999… */
export function decimalToMinor(value: string, currency: string): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new InvalidPayloadError("TIKTOK_BAD_AMOUNT", `not a decimal amount: ${value}`);
  const exponent = currencyExponent(currency);
  const fraction = (match[3] ?? "").padEnd(exponent + 1, "0");
  const units = Number(match[2]) * 10 ** exponent + Number(fraction.slice(0, exponent) || "0");
  const rounded = units + (Number(fraction[exponent]) >= 5 ? 1 : 0);
  return match[1] === "-" ? -rounded : rounded;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** Line items still owed to the buyer (cancelled units are not shipped). */
const isLive = (item: TiktokLineItem) => item.display_status !== "CANCELLED";

/**
 * A TikTok order as a canonical order. TikTok has no quantity: every line item is ONE unit, so
 * units are grouped by sku_id and counted. The group's unit price is the mean of its units'
 * sale prices (they differ only when per-unit discounts differ).
 */
export function orderToCanonical(order: TiktokOrder, shopRef: string): CanonicalOrder {
  const currency = order.payment.currency;
  const groups = new Map<string, TiktokLineItem[]>();
  for (const item of order.line_items.filter(isLive)) {
    const group = groups.get(item.sku_id) ?? [];
    group.push(item);
    groups.set(item.sku_id, group);
  }
  const lines: OrderLine[] = [...groups.entries()].map(([skuId, items]) => {
    const first = items[0]!;
    if (!first.seller_sku) {
      throw new InvalidPayloadError("TIKTOK_MISSING_SKU", `order ${order.id} SKU ${skuId} has no seller_sku`, {
        merchantMessage: `The TikTok Shop product "${first.product_name ?? first.product_id}" has no seller SKU. Add it in Seller Center so Corridor can ship it.`,
      });
    }
    const total = items.reduce((sum, item) => sum + decimalToMinor(item.sale_price, item.currency), 0);
    return {
      externalLineId: skuId,
      sku: first.seller_sku,
      quantity: items.length,
      unitPrice: Math.round(total / items.length),
      currency: first.currency,
      weightGrams: 0,
      ...(first.product_name ? { title: first.sku_name ? `${first.product_name} — ${first.sku_name}` : first.product_name } : {}),
    };
  });
  const address = order.recipient_address ?? {};
  const district = (pattern: RegExp, level: string) =>
    address.district_info?.find((d) => pattern.test(d.address_level_name ?? "") || d.address_level === level)?.address_name;
  const province = district(/state|province/i, "L1");
  const city = district(/city|town/i, "L3");
  return {
    channel: "tiktok",
    shopDomain: shopRef,
    externalId: order.id,
    name: `TikTok #${order.id}`,
    ...(order.user_id ? { customerId: order.user_id } : {}),
    updatedAt: iso(order.update_time),
    placedAt: iso(order.create_time),
    cancelledAt: order.status === "CANCELLED" ? iso(order.update_time) : null,
    currency,
    lines,
    shipTo: {
      countryCode: (address.region_code ?? "").toUpperCase(),
      ...(province ? { provinceCode: province } : {}),
      ...(city ? { city } : {}),
      ...(address.postal_code ? { zip: address.postal_code } : {}),
      ...(address.name ? { name: address.name } : {}),
      ...(address.address_line1 ? { address1: address.address_line1 } : {}),
      ...(address.address_line2 ? { address2: address.address_line2 } : {}),
      ...(address.phone_number ? { phone: address.phone_number } : {}),
      ...(order.buyer_email ? { email: order.buyer_email } : {}),
    },
    ...(order.delivery_option_name ? { shippingMethod: order.delivery_option_name } : {}),
    ...(order.payment.shipping_fee ? { shippingCharged: decimalToMinor(order.payment.shipping_fee, currency) } : {}),
  };
}

/** Only these may be handed to a warehouse (contract §B.7). */
export const isReadyToShip = (order: TiktokOrder): boolean => order.status === "AWAITING_SHIPMENT" || order.status === "PARTIALLY_SHIPPING";

/**
 * The line item ids to put in one package: for each shipped group (sku_id), that many live units
 * not yet in a shipped package.
 */
export function pickLineItems(order: TiktokOrder, lines: readonly { externalLineId: string; quantity: number }[]): string[] {
  const picked: string[] = [];
  for (const line of lines) {
    const free = order.line_items.filter((item) => isLive(item) && item.sku_id === line.externalLineId && !item.tracking_number);
    if (free.length < line.quantity) {
      throw new InvalidPayloadError("TIKTOK_LINES_UNAVAILABLE", `order ${order.id} has ${free.length} unshipped units of SKU ${line.externalLineId}, shipment wants ${line.quantity}`);
    }
    picked.push(...free.slice(0, line.quantity).map((item) => item.id));
  }
  return picked;
}

export interface InventoryUpdatePlan {
  body: { skus: { id: string; inventory: { warehouse_id: string; quantity: number }[] }[] };
  pushed: { skuId: string; warehouseId: string; quantity: number }[];
  skipped: { skuId: string; reason: string }[];
}

/**
 * One product's inventory update. TikTok wants EVERY warehouse assigned to a SKU in the call
 * (omitted or unrelated ones are errors, contract §B.8), so warehouses we are not changing keep
 * their current quantity. A level without a warehouse goes to the SKU's only warehouse.
 */
export function planInventoryUpdate(
  current: TiktokInventorySearch,
  productId: string,
  levels: readonly { skuId: string; warehouseId?: string; quantity: number }[],
): InventoryUpdatePlan {
  const product = current.inventory.find((p) => p.product_id === productId);
  const plan: InventoryUpdatePlan = { body: { skus: [] }, pushed: [], skipped: [] };
  const bySku = new Map<string, Map<string, number>>();
  for (const level of levels) {
    const sku = product?.skus.find((s) => s.id === level.skuId);
    if (!sku) {
      plan.skipped.push({ skuId: level.skuId, reason: `SKU not in TikTok product ${productId}` });
      continue;
    }
    const assigned = sku.warehouse_inventory.map((w) => w.warehouse_id);
    const warehouseId = level.warehouseId ?? (assigned.length === 1 ? assigned[0] : undefined);
    if (!warehouseId || !assigned.includes(warehouseId)) {
      plan.skipped.push({ skuId: level.skuId, reason: level.warehouseId ? `warehouse ${level.warehouseId} is not assigned to the SKU` : "SKU has several warehouses; say which" });
      continue;
    }
    const changes = bySku.get(sku.id) ?? new Map<string, number>();
    changes.set(warehouseId, Math.max(0, Math.trunc(level.quantity)));
    bySku.set(sku.id, changes);
  }
  for (const [skuId, changes] of bySku) {
    const sku = product!.skus.find((s) => s.id === skuId)!;
    plan.body.skus.push({
      id: skuId,
      inventory: sku.warehouse_inventory.map((w) => ({ warehouse_id: w.warehouse_id, quantity: changes.get(w.warehouse_id) ?? w.available_quantity })),
    });
    for (const [warehouseId, quantity] of changes) plan.pushed.push({ skuId, warehouseId, quantity });
  }
  return plan;
}
