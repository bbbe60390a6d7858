/** The SKU × warehouse stock matrix and safety-buffer edits, scoped through warehouses.shop_id. */
import { and, asc, eq, ilike, inArray, sql } from "drizzle-orm";
import type { Database } from "../client.server";
import { inventoryLevels, warehouses } from "../schema";

export interface InventoryCell {
  warehouseId: number;
  onHand: number;
  reserved: number;
  safetyBuffer: number;
  /** onHand − reserved − safetyBuffer: what storefronts may sell. */
  sellable: number;
}

export const INVENTORY_PAGE_SKUS = 100;

export async function inventoryMatrix(db: Database, shopId: number, opts: { search?: string; offset?: number } = {}) {
  const whs = await db
    .select({ id: warehouses.id, code: warehouses.code, name: warehouses.name })
    .from(warehouses)
    .where(eq(warehouses.shopId, shopId))
    .orderBy(asc(warehouses.priority), asc(warehouses.name));
  const skuFilter = opts.search?.trim() ? ilike(inventoryLevels.sku, `%${opts.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined;
  // One page of SKUs first, then their cells: the matrix stays bounded however many SKUs a shop has.
  const skuRows = await db
    .selectDistinct({ sku: inventoryLevels.sku })
    .from(inventoryLevels)
    .innerJoin(warehouses, eq(warehouses.id, inventoryLevels.warehouseId))
    .where(and(eq(warehouses.shopId, shopId), skuFilter))
    .orderBy(asc(inventoryLevels.sku))
    .limit(INVENTORY_PAGE_SKUS + 1)
    .offset(opts.offset ?? 0);
  const skus = skuRows.slice(0, INVENTORY_PAGE_SKUS).map((r) => r.sku);
  const cells = skus.length
    ? await db
        .select({
          sku: inventoryLevels.sku,
          warehouseId: inventoryLevels.warehouseId,
          onHand: inventoryLevels.onHand,
          reserved: inventoryLevels.reserved,
          safetyBuffer: inventoryLevels.safetyBuffer,
        })
        .from(inventoryLevels)
        .innerJoin(warehouses, eq(warehouses.id, inventoryLevels.warehouseId))
        .where(and(eq(warehouses.shopId, shopId), inArray(inventoryLevels.sku, skus)))
    : [];
  const rows = skus.map((sku) => ({
    sku,
    cells: Object.fromEntries(
      cells
        .filter((c) => c.sku === sku)
        .map((c) => [c.warehouseId, { ...c, sellable: c.onHand - c.reserved - c.safetyBuffer } satisfies InventoryCell]),
    ) as Record<number, InventoryCell>,
  }));
  return { warehouses: whs, rows, hasMore: skuRows.length > INVENTORY_PAGE_SKUS };
}

/** Sets the safety buffer of one SKU at one of this shop's warehouses; false when not this shop's. */
export async function setSafetyBuffer(db: Database, shopId: number, warehouseId: number, sku: string, buffer: number): Promise<boolean> {
  const rows = await db
    .update(inventoryLevels)
    .set({ safetyBuffer: buffer, updatedAt: new Date() })
    .where(
      and(
        eq(inventoryLevels.warehouseId, warehouseId),
        eq(inventoryLevels.sku, sku),
        sql`exists (select 1 from ${warehouses} w where w.id = ${inventoryLevels.warehouseId} and w.shop_id = ${shopId})`,
      ),
    )
    .returning({ sku: inventoryLevels.sku });
  return rows.length > 0;
}
