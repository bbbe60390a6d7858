/**
 * The chaos run's verdict, read from the outside: the sandbox 3PL's own orders and shipments, and each
 * storefront's own record of what Corridor pushed (Shopify fulfillments, Etsy receipt shipments,
 * TikTok packages, their stock levels). Corridor's tables are read only to excuse an order Corridor
 * refused on purpose (unroutable: restricted goods, no stock) and to name what it believes.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { exceptions, orders } from "../../app/db/schema";
import { stockShow } from "../../app/stock/stock-show.server";
import type { OrderState } from "../../test/sandboxes/warehouse/state";
import type { Stack } from "../stack/start-stack";
import type { ChannelName, PlacedOrder } from "../stack/storefronts";

export interface PlacedWithUnits extends PlacedOrder {
  /** Units ordered per SKU. */
  units: Record<string, number>;
  /** The storefront's own order number (Shopify "#1001"), where it differs from externalId. */
  displayName?: string;
  /** The merchant asked to cancel; reads the storefront's answer (CANCELLATION_ACCEPTED…). */
  cancellationAnswer?: () => string;
}

export interface Verdict {
  placed: number;
  perChannel: Record<ChannelName, number>;
  /** Orders with exactly their units in live warehouse orders. */
  atWarehouse: number;
  /** Orders Corridor refused on purpose, by exception code (no warehouse order expected). */
  refused: Record<string, number>;
  /** No warehouse order, and Corridor does not say why. */
  lost: string[];
  /** Fewer units at the warehouse than ordered (and not refused). */
  short: string[];
  /** More units at the warehouse than ordered: a duplicate warehouse order. */
  duplicateWarehouseOrders: string[];
  /** Warehouse orders Corridor created and cancelled again (a cancel reached the warehouse). */
  cancelledAtWarehouse: number;
  /** Cancellation requests by the storefront's answer. */
  cancellations: Record<string, number>;
  /** Cancellation accepted on the storefront, yet units still live at the warehouse (or shipped). */
  shippedAfterCancel: string[];
  warehouseOrders: number;
  shipments: number;
  /** A tracking number pushed to a storefront more than once, or more storefront shipments than parcels. */
  duplicateStorefrontShipments: string[];
  /** A parcel the warehouse shipped whose tracking never reached the storefront. */
  missingStorefrontShipments: string[];
  /** SKU/storefront pairs whose quantity differs from what Corridor's warehouses hold. */
  stockDiverged: string[];
  stockChecked: number;
  /** Storefronts Corridor does not sync stock to (yet), by reason. */
  stockSkipped: string[];
  ok: boolean;
}

const keyOf = (channel: ChannelName, id: string) => `${channel}:${id}`;

/** The storefront order a warehouse order belongs to, from its display id (order name) alone. */
function storefrontKey(o: OrderState, shopifyNames: Map<string, string>): string | undefined {
  const display = o.body.display_id;
  const shopify = shopifyNames.get(display);
  if (shopify) return shopify;
  const id = /(\d{6,})\s*$/.exec(display)?.[1];
  if (!id) return undefined;
  return display.toLowerCase().includes("etsy") ? keyOf("etsy", id) : display.toLowerCase().includes("tiktok") ? keyOf("tiktok", id) : undefined;
}

export async function checkFromOutside(stack: Stack, placed: readonly PlacedWithUnits[]): Promise<Verdict> {
  const tenant = stack.warehouse.tenants[0]!;
  const shopifyNames = new Map(placed.filter((p) => p.channel === "shopify" && p.displayName).map((p) => [p.displayName!, keyOf("shopify", p.externalId)]));
  const whOrders = stack.warehouse.world.listOrders(tenant, {});
  const byOrder = new Map<string, OrderState[]>();
  for (const o of whOrders) {
    const key = storefrontKey(o, shopifyNames) ?? `unknown:${o.body.display_id}`;
    byOrder.set(key, [...(byOrder.get(key) ?? []), o]);
  }

  // Corridor's own refusals (an order held as an exception on purpose), to excuse those orders.
  const held = await stack.db
    .select({ channel: orders.channel, externalId: orders.externalId, code: exceptions.code })
    .from(orders)
    .leftJoin(exceptions, and(eq(exceptions.status, "open"), eq(exceptions.subject, sql`'order:' || ${orders.id}`)))
    .where(and(eq(orders.shopId, stack.shopId), inArray(orders.stage, ["exception", "cancelled"])));
  const refusedCode = new Map(held.map((h) => [keyOf(h.channel as ChannelName, h.externalId), h.code ?? "EXCEPTION"]));

  const v: Verdict = {
    placed: placed.length,
    perChannel: { shopify: 0, etsy: 0, tiktok: 0 },
    atWarehouse: 0,
    refused: {},
    lost: [],
    short: [],
    duplicateWarehouseOrders: [],
    cancelledAtWarehouse: whOrders.filter((o) => o.status === "cancelled").length,
    cancellations: {},
    shippedAfterCancel: [],
    warehouseOrders: whOrders.length,
    shipments: 0,
    duplicateStorefrontShipments: [],
    missingStorefrontShipments: [],
    stockDiverged: [],
    stockChecked: 0,
    stockSkipped: [],
    ok: false,
  };

  for (const p of placed) {
    v.perChannel[p.channel]++;
    const key = keyOf(p.channel, p.externalId);
    const live = (byOrder.get(key) ?? []).filter((o) => o.status !== "cancelled");
    const units: Record<string, number> = {};
    for (const o of live) for (const l of o.body.lines) units[l.sku] = (units[l.sku] ?? 0) + l.quantity;
    const refused = refusedCode.get(key);
    const answer = p.cancellationAnswer?.();
    if (answer) v.cancellations[answer] = (v.cancellations[answer] ?? 0) + 1;
    if (answer === "CANCELLATION_ACCEPTED") {
      // Corridor told the merchant the order is stopped: nothing of it may be live at the warehouse.
      if (live.length > 0) v.shippedAfterCancel.push(`${key}: cancellation accepted, warehouse still has ${live.map((o) => `${o.reference} (${o.status})`).join(", ")}`);
      checkShipments(stack, p, live, v);
      continue;
    }
    const skus = new Set([...Object.keys(units), ...Object.keys(p.units)]);
    const excess = [...skus].some((s) => (units[s] ?? 0) > (p.units[s] ?? 0));
    const exact = [...skus].every((s) => (units[s] ?? 0) === (p.units[s] ?? 0));
    if (excess) v.duplicateWarehouseOrders.push(`${key} ordered ${JSON.stringify(p.units)}, warehouse holds ${JSON.stringify(units)} in ${live.map((o) => o.reference).join(", ")}`);
    else if (exact) v.atWarehouse++;
    else if (refused && live.length === 0) v.refused[refused] = (v.refused[refused] ?? 0) + 1;
    else if (live.length === 0) v.lost.push(key);
    else v.short.push(`${key} ordered ${JSON.stringify(p.units)}, warehouse holds ${JSON.stringify(units)}`);

    checkShipments(stack, p, live, v);
  }
  await checkStock(stack, v);
  v.ok = v.shippedAfterCancel.length === 0 && v.lost.length === 0 && v.short.length === 0 && v.duplicateWarehouseOrders.length === 0 && v.duplicateStorefrontShipments.length === 0 && v.missingStorefrontShipments.length === 0 && v.stockDiverged.length === 0;
  return v;
}

/** Every parcel's tracking number on its storefront exactly once. */
function checkShipments(stack: Stack, p: PlacedWithUnits, live: OrderState[], v: Verdict) {
  const parcels = live.flatMap((o) => o.shipments).map((s) => s.tracking_number);
  v.shipments += parcels.length;
  const pushed: string[] = [];
  if (p.channel === "shopify") {
    const orderId = BigInt(p.externalId);
    for (const f of stack.shopify.shop.fulfillments.values()) {
      if (f.orderId !== orderId || f.status !== "SUCCESS") continue;
      // A hand-over to a second carrier updates the same fulfillment: count it once, by any number it had.
      const numbers = new Set([...f.trackingInfo, ...f.trackingHistory.flat()].map((t) => t.number).filter((n): n is string => !!n));
      pushed.push(parcels.find((n) => numbers.has(n)) ?? [...numbers][0] ?? `fulfillment ${f.id} without tracking`);
    }
  } else if (p.channel === "etsy") {
    for (const s of stack.marketplaces.etsy!.sandbox.state.records.shipments) if (s.receiptId === p.externalId) pushed.push(String(s.body.tracking_code));
  } else {
    for (const s of stack.marketplaces.tiktok!.sandbox.state.records.packages) if (s.orderId === p.externalId) pushed.push(String(s.body.tracking_number));
  }
  const key = keyOf(p.channel, p.externalId);
  const seen = new Map<string, number>();
  for (const n of pushed) seen.set(n, (seen.get(n) ?? 0) + 1);
  for (const [n, count] of seen) if (count > 1) v.duplicateStorefrontShipments.push(`${key} tracking ${n} pushed ${count} times`);
  if (pushed.length > parcels.length) v.duplicateStorefrontShipments.push(`${key}: ${pushed.length} storefront shipments for ${parcels.length} parcels`);
  for (const n of parcels) if (!seen.has(n)) v.missingStorefrontShipments.push(`${key} tracking ${n}`);
}

/** Each storefront's quantity per SKU equals what Corridor computes from its warehouses' stock. */
async function checkStock(stack: Stack, v: Verdict) {
  const tenant = stack.warehouse.tenants[0]!;
  for (const product of stack.network.products) {
    const views = await stockShow(stack.db, product.sku, { now: new Date(), shopDomain: stack.shopDomain });
    for (const view of views) {
      // Corridor's books against the warehouse's own: on hand per warehouse.
      for (const w of view.warehouses) {
        const level = stack.warehouse.world.stockLevels(tenant, w.code, [product.sku]).levels[0];
        if (level && level.on_hand !== w.onHand) v.stockDiverged.push(`${product.sku} at ${w.code}: warehouse has ${level.on_hand} on hand, Corridor ${w.onHand}`);
      }
      for (const s of view.storefronts) {
        if ("skipped" in s) {
          v.stockSkipped.push(`${s.channel}: ${s.skipped}`);
          continue;
        }
        const actual = storefrontQuantity(stack, s.channel as ChannelName, product.sku);
        v.stockChecked++;
        if (actual !== s.availableToSell) v.stockDiverged.push(`${product.sku} on ${s.channel}: storefront shows ${actual ?? "nothing"}, Corridor's warehouses say ${s.availableToSell}`);
      }
    }
  }
  v.stockSkipped = [...new Set(v.stockSkipped)];
}

function storefrontQuantity(stack: Stack, channel: ChannelName, sku: string): number | undefined {
  if (channel === "shopify") {
    const item = [...stack.shopify.shop.inventoryItems.values()].find((i) => i.sku === sku);
    return item?.levels.get(stack.shopify.locationId)?.quantities.available;
  }
  if (channel === "etsy") {
    const e = stack.marketplaces.etsy!;
    return e.sandbox.state.quantityOf(e.listingOf.get(sku)!, sku);
  }
  const t = stack.marketplaces.tiktok!;
  const p = t.productOf.get(sku)!;
  const product = t.sandbox.state.products.get(p.productId);
  return product ? [...product.skus.find((s) => s.id === p.skuId)!.warehouses.values()].reduce((a, b) => a + b, 0) : undefined;
}
