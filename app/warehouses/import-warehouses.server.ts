/**
 * Loads a parsed warehouse import file (app/warehouses/import-file.ts) into one shop, in one
 * transaction: products upserted by SKU, warehouses by code (lanes replaced), stock levels set to
 * the file's on-hand while what routing already reserved is kept. Partner credentials never come
 * from the file: the caller merges them per connector, and they are stored sealed.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { setCount } from "../db/queries/stock-ledger.server";
import { inventoryLevels, skus, warehouseLanes, warehouses } from "../db/schema";
import { ensureShop } from "../shops/ensure-shop.server";
import type { SecretBox } from "../lib/secret-box.server";
import { sealConnectorConfig } from "./connector-config.server";
import type { WarehouseImportFile } from "./import-file";

/** Secret connector settings by connector id ({ sandbox: { apiKey, webhookSecret, baseUrl? } }). */
export type ConnectorCredentials = Partial<Record<string, Record<string, unknown>>>;

export interface ImportSummary {
  shopId: number;
  products: number;
  warehouses: number;
  lanes: number;
  stockLevels: number;
}

export async function importWarehouses(db: Database, shopDomain: string, file: WarehouseImportFile, credentials: ConnectorCredentials, box: SecretBox): Promise<ImportSummary> {
  return db.transaction(async (tx) => {
    const shop = await ensureShop(tx, shopDomain);
    for (const p of file.products) {
      const values = {
        shopId: shop.id,
        sku: p.sku,
        title: p.title ?? null,
        weightGrams: p.weightGrams,
        unitValue: p.unitValue ?? null,
        currency: p.currency ?? null,
        hsCode: p.hsCode ?? null,
        hsCodesByCountry: p.hsCodesByCountry ?? {},
        countryOfOrigin: p.countryOfOrigin ?? null,
        customsDescription: p.customsDescription ?? null,
        material: p.material ?? null,
        dangerousGoods: p.dangerousGoods ?? {},
      };
      const { shopId: _s, sku: _k, ...update } = values;
      await tx.insert(skus).values(values).onConflictDoUpdate({ target: [skus.shopId, skus.sku], set: update });
    }
    let lanes = 0;
    let levels = 0;
    for (const w of file.warehouses) {
      const values = {
        shopId: shop.id,
        code: w.code,
        name: w.name,
        connector: w.connector,
        connectorConfig: sealConnectorConfig(box, { ...w.connectorConfig, ...(credentials[w.connector] ?? {}) }),
        countryCode: w.countryCode,
        kind: w.kind,
        capabilities: w.capabilities,
        cutoffTime: w.cutoffTime,
        timeZone: w.timeZone,
        priority: w.priority,
        handlingFee: w.handlingFee,
        feeCurrency: w.feeCurrency,
        dutiesPrepaid: w.dutiesPrepaid,
        shopifyLocationId: w.shopifyLocationId ?? null,
        active: w.active,
      };
      const { shopId: _s, code: _c, ...update } = values;
      const [row] = await tx.insert(warehouses).values(values).onConflictDoUpdate({ target: [warehouses.shopId, warehouses.code], set: update }).returning({ id: warehouses.id });
      await tx.delete(warehouseLanes).where(eq(warehouseLanes.warehouseId, row!.id));
      if (w.lanes.length) await tx.insert(warehouseLanes).values(w.lanes.map((l) => ({ ...l, warehouseId: row!.id })));
      lanes += w.lanes.length;
      for (const [sku, s] of Object.entries(w.stock)) {
        await tx
          .insert(inventoryLevels)
          .values({ warehouseId: row!.id, sku, onHand: s.onHand, safetyBuffer: s.safetyBuffer })
          .onConflictDoUpdate({
            target: [inventoryLevels.warehouseId, inventoryLevels.sku],
            set: { ...setCount(s.onHand), safetyBuffer: s.safetyBuffer, updatedAt: sql`now()` },
          });
        levels += 1;
      }
    }
    return { shopId: shop.id, products: file.products.length, warehouses: file.warehouses.length, lanes, stockLevels: levels };
  });
}

/** Warehouses of a shop with lanes and stock, for `corridor warehouses list` and the admin. */
export async function listWarehouses(db: Database, shopDomain?: string) {
  const rows = await db
    .select({ id: warehouses.id, shopId: warehouses.shopId, code: warehouses.code, name: warehouses.name, connector: warehouses.connector, countryCode: warehouses.countryCode, kind: warehouses.kind, capabilities: warehouses.capabilities, cutoffTime: warehouses.cutoffTime, timeZone: warehouses.timeZone, priority: warehouses.priority, active: warehouses.active })
    .from(warehouses)
    .where(shopDomain ? sql`${warehouses.shopId} = (SELECT id FROM shops WHERE domain = ${shopDomain})` : undefined)
    .orderBy(warehouses.shopId, warehouses.code);
  const ids = rows.map((r) => r.id);
  const lanes = ids.length ? await db.select().from(warehouseLanes).where(inArray(warehouseLanes.warehouseId, ids)) : [];
  const stock = ids.length ? await db.select().from(inventoryLevels).where(and(inArray(inventoryLevels.warehouseId, ids))) : [];
  return rows.map((w) => ({
    ...w,
    lanes: lanes.filter((l) => l.warehouseId === w.id).map(({ id: _i, warehouseId: _w, ...l }) => l),
    stock: Object.fromEntries(stock.filter((s) => s.warehouseId === w.id).map((s) => [s.sku, { onHand: s.onHand, reserved: s.reserved, safetyBuffer: s.safetyBuffer, available: Math.max(0, s.onHand - s.reserved - s.safetyBuffer) }])),
  }));
}
