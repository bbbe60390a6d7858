/**
 * Low-stock alerts for a shop: each warehouse × SKU whose days of cover (sellable ÷ units
 * allocated per day over the last 14 days) fall under `minDaysOfCover`, or whose sellable units
 * are at or under the shop's lowStockThreshold setting.
 */
import { and, eq, gt, inArray, notInArray, sql } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { allocationLines, allocations, inventoryLevels, shops, warehouses } from "../db/schema";
import { parseStoredSettings } from "../db/queries/shop-settings";
import { lowStockAlerts, salesKey, type LowStockAlert } from "../domain/stock/low-stock";

export const SALES_WINDOW_DAYS = 14;

export async function lowStockForShop(db: Database, opts: { shopId: number; now: Date; minDaysOfCover?: number; skus?: readonly string[] }): Promise<Array<LowStockAlert & { warehouseCode: string }>> {
  const [shop] = await db.select({ settings: shops.settings }).from(shops).where(eq(shops.id, opts.shopId));
  if (!shop) return [];
  const whs = await db.select({ id: warehouses.id, code: warehouses.code }).from(warehouses).where(and(eq(warehouses.shopId, opts.shopId), eq(warehouses.active, true)));
  if (!whs.length) return [];
  const ids = whs.map((w) => w.id);
  const skuFilter = opts.skus ? inArray(inventoryLevels.sku, [...opts.skus]) : undefined;
  const levels = await db
    .select({ warehouseId: inventoryLevels.warehouseId, sku: inventoryLevels.sku, onHand: inventoryLevels.onHand, reserved: inventoryLevels.reserved, safetyBuffer: inventoryLevels.safetyBuffer })
    .from(inventoryLevels)
    .where(and(inArray(inventoryLevels.warehouseId, ids), skuFilter));
  const since = new Date(opts.now.getTime() - SALES_WINDOW_DAYS * 86_400_000);
  const sold = await db
    .select({ warehouseId: allocations.warehouseId, sku: allocationLines.sku, units: sql<string>`sum(${allocationLines.quantity})` })
    .from(allocationLines)
    .innerJoin(allocations, eq(allocations.id, allocationLines.allocationId))
    .where(and(inArray(allocations.warehouseId, ids), gt(allocations.createdAt, since), notInArray(allocations.status, ["cancelled", "failed"])))
    .groupBy(allocations.warehouseId, allocationLines.sku);
  const alerts = lowStockAlerts({
    levels,
    unitsSold: new Map(sold.map((s) => [salesKey(s.warehouseId, s.sku), Number(s.units)])),
    salesWindowDays: SALES_WINDOW_DAYS,
    lowStockUnits: parseStoredSettings(shop.settings).lowStockThreshold,
    minDaysOfCover: opts.minDaysOfCover ?? 7,
  });
  const code = new Map(whs.map((w) => [w.id, w.code]));
  return alerts.map((a) => ({ ...a, warehouseCode: code.get(a.warehouseId) ?? String(a.warehouseId) }));
}
