/**
 * One SKU across the network, for `corridor stock show` and the admin: each warehouse's level,
 * what each storefront (Shopify, Etsy, TikTok Shop) may sell (ATS), what it last got from us and
 * when, whether a change is waiting, and low-stock alerts.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { inventoryLevels, shops, storefrontStock, warehouses } from "../db/schema";
import { sellableAt } from "../domain/stock/available-to-sell";
import { lowStockForShop } from "./low-stock.server";
import { loadStockTarget, stockConnectionIds } from "./stock-connection.server";
import { availableToSell } from "./stock-inputs.server";
import { stockChanges } from "../db/schema";

export interface SkuStockView {
  shopDomain: string;
  sku: string;
  warehouses: Array<{ code: string; active: boolean; onHand: number; reserved: number; safetyBuffer: number; sellable: number }>;
  storefronts: Array<
    | { connectionId: number; channel: string; availableToSell: number; lastPushedQuantity: number | null; lastPushedAt: Date | null; inSync: boolean; pendingChanges: number }
    | { connectionId: number; channel: string; skipped: string }
  >;
  pendingChanges: number;
  lowStock: Array<{ warehouseCode: string; daysOfCover: number | null; reasons: string[] }>;
}

export async function stockShow(db: Database, sku: string, opts: { now: Date; shopDomain?: string }): Promise<SkuStockView[]> {
  const holders = await db
    .selectDistinct({ shopId: shops.id, domain: shops.domain })
    .from(inventoryLevels)
    .innerJoin(warehouses, eq(warehouses.id, inventoryLevels.warehouseId))
    .innerJoin(shops, eq(shops.id, warehouses.shopId))
    .where(and(eq(inventoryLevels.sku, sku), opts.shopDomain ? eq(shops.domain, opts.shopDomain) : undefined));
  const views: SkuStockView[] = [];
  for (const shop of holders) {
    const levels = await db
      .select({ code: warehouses.code, active: warehouses.active, onHand: inventoryLevels.onHand, reserved: inventoryLevels.reserved, safetyBuffer: inventoryLevels.safetyBuffer })
      .from(inventoryLevels)
      .innerJoin(warehouses, eq(warehouses.id, inventoryLevels.warehouseId))
      .where(and(eq(warehouses.shopId, shop.shopId), eq(inventoryLevels.sku, sku)))
      .orderBy(warehouses.code);
    const storefronts: SkuStockView["storefronts"] = [];
    for (const { connectionId, channel } of await stockConnectionIds(db, shop.domain)) {
      const found = await loadStockTarget(db, connectionId);
      if (!found.ok) {
        storefronts.push({ connectionId, channel, skipped: found.reason });
        continue;
      }
      const ats = (await availableToSell(db, { ...found.target, skus: [sku] })).get(sku) ?? 0;
      const [sent] = await db
        .select({ quantity: storefrontStock.lastPushedQuantity, at: storefrontStock.lastPushedAt })
        .from(storefrontStock)
        .where(and(eq(storefrontStock.connectionId, connectionId), eq(storefrontStock.sku, sku), eq(storefrontStock.locationRef, found.target.locationRef)));
      const [waiting] = await db.select({ n: sql<string>`count(*)` }).from(stockChanges).where(and(eq(stockChanges.connectionId, connectionId), eq(stockChanges.sku, sku)));
      storefronts.push({ connectionId, channel, availableToSell: ats, lastPushedQuantity: sent?.quantity ?? null, lastPushedAt: sent?.at ?? null, inSync: sent?.at != null && sent.quantity === ats, pendingChanges: Number(waiting?.n ?? 0) });
    }
    const [pending] = await db.select({ n: sql<string>`count(*)` }).from(stockChanges).where(and(eq(stockChanges.shopId, shop.shopId), eq(stockChanges.sku, sku)));
    const alerts = await lowStockForShop(db, { shopId: shop.shopId, now: opts.now, skus: [sku] });
    views.push({
      shopDomain: shop.domain,
      sku,
      warehouses: levels.map((l) => ({ ...l, sellable: l.active ? sellableAt(l) : 0 })),
      storefronts,
      pendingChanges: Number(pending?.n ?? 0),
      lowStock: alerts.map((a) => ({ warehouseCode: a.warehouseCode, daysOfCover: a.daysOfCover === null ? null : Math.round(a.daysOfCover * 10) / 10, reasons: a.reasons })),
    });
  }
  return views;
}
