/** Warehouses and their lanes, always through the owning shop. */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "../client.server";
import { warehouseLanes, warehouses } from "../schema";

export type WarehouseRow = typeof warehouses.$inferSelect;
export type LaneRow = typeof warehouseLanes.$inferSelect;
export type NewWarehouse = Omit<typeof warehouses.$inferInsert, "id" | "shopId" | "createdAt">;
export type NewLane = Omit<typeof warehouseLanes.$inferInsert, "id" | "warehouseId">;

export async function listWarehouses(db: Database, shopId: number) {
  return db
    .select({
      id: warehouses.id,
      code: warehouses.code,
      name: warehouses.name,
      connector: warehouses.connector,
      countryCode: warehouses.countryCode,
      kind: warehouses.kind,
      active: warehouses.active,
      laneCount: sql<number>`(select count(*)::int from ${warehouseLanes} l where l.warehouse_id = ${warehouses.id})`,
    })
    .from(warehouses)
    .where(eq(warehouses.shopId, shopId))
    .orderBy(asc(warehouses.priority), asc(warehouses.name));
}

export async function getWarehouse(db: Database, shopId: number, warehouseId: number) {
  const [warehouse] = await db
    .select()
    .from(warehouses)
    .where(and(eq(warehouses.id, warehouseId), eq(warehouses.shopId, shopId)));
  if (!warehouse) return undefined;
  const lanes = await db.select().from(warehouseLanes).where(eq(warehouseLanes.warehouseId, warehouse.id)).orderBy(asc(warehouseLanes.id));
  return { warehouse, lanes };
}

export async function createWarehouse(db: Database, shopId: number, values: NewWarehouse): Promise<WarehouseRow> {
  const [row] = await db.insert(warehouses).values({ ...values, shopId }).returning();
  return row!;
}

/**
 * Updates a warehouse of this shop; undefined when it is not this shop's. `connectorConfig` and
 * `capabilities` are merged into what is stored, not replaced: the admin form edits the base URL and
 * two flags, and must not wipe the connector's API key, webhook secret or location id it never shows.
 * A key given as null is removed.
 */
export async function updateWarehouse(db: Database, shopId: number, warehouseId: number, values: Partial<NewWarehouse>) {
  const { connectorConfig, capabilities, ...plain } = values;
  const merge = (column: typeof warehouses.connectorConfig | typeof warehouses.capabilities, patch: Record<string, unknown>) =>
    sql`jsonb_strip_nulls(${column} || ${JSON.stringify(patch)}::jsonb)`;
  const [row] = await db
    .update(warehouses)
    .set({
      ...plain,
      ...(connectorConfig && { connectorConfig: merge(warehouses.connectorConfig, connectorConfig) }),
      ...(capabilities && { capabilities: merge(warehouses.capabilities, capabilities as Record<string, unknown>) }),
    })
    .where(and(eq(warehouses.id, warehouseId), eq(warehouses.shopId, shopId)))
    .returning();
  return row;
}

/** Replaces the warehouse's lanes in one transaction; false when the warehouse is not this shop's. */
export async function replaceLanes(db: Database, shopId: number, warehouseId: number, lanes: NewLane[]): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [owned] = await tx
      .select({ id: warehouses.id })
      .from(warehouses)
      .where(and(eq(warehouses.id, warehouseId), eq(warehouses.shopId, shopId)))
      .for("update");
    if (!owned) return false;
    await tx.delete(warehouseLanes).where(eq(warehouseLanes.warehouseId, warehouseId));
    if (lanes.length) await tx.insert(warehouseLanes).values(lanes.map((l) => ({ ...l, warehouseId })));
    return true;
  });
}
