/**
 * Reads for a push: the outbox rows to consume, available-to-sell for a set of SKUs, and what the
 * storefront last got from us. Big SKU lists go in chunks so no statement nears Postgres's
 * 65,535-parameter limit.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { inventoryLevels, storefrontStock, warehouseLanes, warehouses } from "../db/schema";
import { availableToSellBySku, warehousesServing, type Markets, type WarehouseLevel } from "../domain/stock/available-to-sell";
import type { PushBase } from "../domain/stock/plan-stock-push";
import { stockChanges } from "../db/schema";
import { chunks as chunksOf } from "../lib/chunks";

const CHUNK = 5_000;

export const chunks = <T>(items: readonly T[], size = CHUNK): T[][] => chunksOf(items, size);

export interface ClaimedChanges {
  /** Outbox row ids read: exactly these are deleted after the push. */
  ids: number[];
  /** Earliest time each SKU's change was seen. */
  seenAt: Map<string, Date>;
}

/** Reads (without deleting) a connection's pending changes, oldest first. */
export async function readStockChanges(db: Database, connectionId: number, limit = 50_000): Promise<ClaimedChanges> {
  const rows = await db
    .select({ id: stockChanges.id, sku: stockChanges.sku, seenAt: stockChanges.seenAt })
    .from(stockChanges)
    .where(eq(stockChanges.connectionId, connectionId))
    .orderBy(asc(stockChanges.id))
    .limit(limit);
  const seenAt = new Map<string, Date>();
  for (const r of rows) if (!seenAt.has(r.sku)) seenAt.set(r.sku, r.seenAt);
  return { ids: rows.map((r) => r.id), seenAt };
}

/** Deletes the outbox rows a push consumed; rows written since stay for the next window. */
export async function deleteStockChanges(db: Database, ids: readonly number[]): Promise<void> {
  for (const part of chunks(ids)) await db.delete(stockChanges).where(inArray(stockChanges.id, part));
}

/** ATS per SKU for the storefront's markets. "all": every SKU the shop holds or the storefront was sent. */
export async function availableToSell(db: Database, opts: { shopId: number; connectionId: number; locationRef: string; markets: Markets; skus: readonly string[] | "all" }): Promise<Map<string, number>> {
  const whs = await db.select({ id: warehouses.id, active: warehouses.active }).from(warehouses).where(eq(warehouses.shopId, opts.shopId));
  const lanes = whs.length
    ? await db.select({ warehouseId: warehouseLanes.warehouseId, destinations: warehouseLanes.destinations }).from(warehouseLanes).where(inArray(warehouseLanes.warehouseId, whs.map((w) => w.id)))
    : [];
  const reach = whs.map((w) => ({ ...w, destinations: lanes.filter((l) => l.warehouseId === w.id).flatMap((l) => l.destinations) }));
  const serving = warehousesServing(reach, opts.markets);
  const ids = reach.map((w) => w.id);
  const select = { warehouseId: inventoryLevels.warehouseId, sku: inventoryLevels.sku, onHand: inventoryLevels.onHand, reserved: inventoryLevels.reserved, safetyBuffer: inventoryLevels.safetyBuffer };
  let levels: WarehouseLevel[] = [];
  let skus: string[];
  if (opts.skus === "all") {
    levels = ids.length ? await db.select(select).from(inventoryLevels).where(inArray(inventoryLevels.warehouseId, ids)) : [];
    const sent = await db
      .select({ sku: storefrontStock.sku })
      .from(storefrontStock)
      .where(and(eq(storefrontStock.connectionId, opts.connectionId), eq(storefrontStock.locationRef, opts.locationRef)));
    skus = [...new Set([...levels.map((l) => l.sku), ...sent.map((s) => s.sku)])];
  } else {
    skus = [...opts.skus];
    if (ids.length) for (const part of chunks(skus)) levels.push(...(await db.select(select).from(inventoryLevels).where(and(inArray(inventoryLevels.warehouseId, ids), inArray(inventoryLevels.sku, part)))));
  }
  return availableToSellBySku(levels, serving, skus);
}

/** What we last pushed per SKU at this location; SKUs never pushed are absent. */
export async function storefrontBases(db: Database, connectionId: number, locationRef: string, skus: readonly string[]): Promise<Map<string, PushBase>> {
  const bases = new Map<string, PushBase>();
  for (const part of chunks(skus)) {
    const rows = await db
      .select({ sku: storefrontStock.sku, quantity: storefrontStock.lastPushedQuantity, at: storefrontStock.lastPushedAt })
      .from(storefrontStock)
      .where(and(eq(storefrontStock.connectionId, connectionId), eq(storefrontStock.locationRef, locationRef), inArray(storefrontStock.sku, part)));
    for (const r of rows) bases.set(r.sku, { quantity: r.quantity, version: r.at?.toISOString() ?? null });
  }
  return bases;
}
