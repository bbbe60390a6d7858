/** What the Home page shows at a glance; each figure is one aggregate query scoped by shop. */
import { and, eq, gte, sql } from "drizzle-orm";
import type { Database } from "../client.server";
import { allocations, exceptions, inventoryLevels, orders, warehouses } from "../schema";

import { HOME_STAGES, type HomeStage } from "./vocabulary";

const startOfUtcDay = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

/**
 * Orders waiting in received/routed/at_warehouse right now, and those that reached shipped or
 * delivered today (UTC): the queue a merchant watches, and today's progress.
 */
export async function stageCounts(db: Database, shopId: number, now: Date): Promise<Record<HomeStage, number>> {
  const today = startOfUtcDay(now);
  const rows = await db
    .select({ stage: orders.stage, n: sql<number>`count(*)::int` })
    .from(orders)
    .where(
      and(
        eq(orders.shopId, shopId),
        sql`(${orders.stage} in ('received','routed','at_warehouse') or (${orders.stage} in ('shipped','delivered') and ${orders.updatedAt} >= ${today.toISOString()}::timestamptz))`,
      ),
    )
    .groupBy(orders.stage);
  const counts = Object.fromEntries(HOME_STAGES.map((s) => [s, 0])) as Record<HomeStage, number>;
  for (const r of rows) if (r.stage in counts) counts[r.stage as HomeStage] = r.n;
  return counts;
}

export async function openExceptionCount(db: Database, shopDomain: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(exceptions)
    .where(and(eq(exceptions.shopDomain, shopDomain), eq(exceptions.status, "open")));
  return row?.n ?? 0;
}

/**
 * Share of shipments delivered in the last 30 days that arrived within the promise: delivered at
 * or before placed_at + promiseDays. Undefined when nothing was delivered (no rate to show).
 */
export async function onTimeRate(db: Database, shopId: number, promiseDays: number, now: Date) {
  const since = new Date(now.getTime() - 30 * 86_400_000);
  const [row] = await db
    .select({
      delivered: sql<number>`count(*)::int`,
      onTime: sql<number>`count(*) filter (where ${allocations.deliveredAt} <= ${orders.placedAt} + make_interval(days => ${promiseDays}))::int`,
    })
    .from(allocations)
    .innerJoin(orders, eq(orders.id, allocations.orderId))
    .where(and(eq(orders.shopId, shopId), gte(allocations.deliveredAt, since)));
  const delivered = row?.delivered ?? 0;
  return { delivered, onTime: row?.onTime ?? 0, rate: delivered ? (row!.onTime / delivered) : undefined };
}

/** SKUs whose sellable stock (on hand − reserved − buffer) is at or below the threshold. */
export async function stockAlerts(db: Database, shopId: number, threshold: number, limit = 10) {
  return db
    .select({
      sku: inventoryLevels.sku,
      warehouseName: warehouses.name,
      sellable: sql<number>`(${inventoryLevels.onHand} - ${inventoryLevels.reserved} - ${inventoryLevels.safetyBuffer})::int`,
    })
    .from(inventoryLevels)
    .innerJoin(warehouses, eq(warehouses.id, inventoryLevels.warehouseId))
    .where(
      and(
        eq(warehouses.shopId, shopId),
        eq(warehouses.active, true),
        sql`${inventoryLevels.onHand} - ${inventoryLevels.reserved} - ${inventoryLevels.safetyBuffer} <= ${threshold}`,
      ),
    )
    .orderBy(sql`3`, inventoryLevels.sku)
    .limit(limit);
}

/** Orders per day and warehouse for the last `days` days (by placed_at, UTC), for the chart. */
export async function ordersPerDayByWarehouse(db: Database, shopId: number, now: Date, days = 14) {
  const since = new Date(startOfUtcDay(now).getTime() - (days - 1) * 86_400_000);
  const rows = await db
    .select({
      day: sql<string>`to_char(${orders.placedAt} at time zone 'UTC', 'YYYY-MM-DD')`,
      warehouse: warehouses.name,
      n: sql<number>`count(distinct ${orders.id})::int`,
    })
    .from(orders)
    .innerJoin(allocations, eq(allocations.orderId, orders.id))
    .innerJoin(warehouses, eq(warehouses.id, allocations.warehouseId))
    .where(and(eq(orders.shopId, shopId), eq(warehouses.shopId, shopId), gte(orders.placedAt, since)))
    .groupBy(sql`1`, warehouses.name);
  const dayList = Array.from({ length: days }, (_, i) => new Date(since.getTime() + i * 86_400_000).toISOString().slice(0, 10));
  return { days: dayList, rows };
}
