/**
 * SKU → Shopify inventory item, and the level at Corridor's location. The mapping is cached in
 * skus.channel_refs.shopify.inventoryItemId: looked up once per SKU with
 * CorridorInventoryItemsBySku, 50 SKUs a call (cost ≈ 2 + 50 × 3 points).
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { skus as skusTable } from "../db/schema";
import type { AdminClient } from "../channels/shopify/admin-client.server";
import { CORRIDOR_INVENTORY_ACTIVATE, CORRIDOR_INVENTORY_ITEMS_BY_SKU } from "../channels/shopify/operations/inventory";
import type { CorridorInventoryItemsBySkuQuery } from "../types/admin.generated";
import { chunks } from "./stock-inputs.server";

const LOOKUP_PAGE = 50;

export interface ShopifyLevel {
  inventoryItemId: string;
  sku: string;
  /** null: the item is not stocked at the location yet (inventoryActivate first). */
  available: number | null;
}

const quote = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
/** Numeric part of a GID, kept as a string: Shopify ids exceed 2^53. */
export const gidNumber = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);

async function queryLevels(client: AdminClient, locationId: string, query: string): Promise<ShopifyLevel[]> {
  const out: ShopifyLevel[] = [];
  let after: string | null = null;
  do {
    const page: CorridorInventoryItemsBySkuQuery = await client.request(CORRIDOR_INVENTORY_ITEMS_BY_SKU, { query, locationId, first: LOOKUP_PAGE, after });
    for (const node of page.inventoryItems.nodes) {
      if (!node.sku) continue;
      const available = node.inventoryLevel?.quantities.find((q) => q.name === "available")?.quantity;
      out.push({ inventoryItemId: node.id, sku: node.sku, available: node.inventoryLevel ? (available ?? 0) : null });
    }
    after = page.inventoryItems.pageInfo.hasNextPage ? page.inventoryItems.pageInfo.endCursor ?? null : null;
  } while (after);
  return out;
}

/** Current levels of these items at the location (the re-read after a stale compare-and-swap). */
export async function readLevels(client: AdminClient, locationId: string, inventoryItemIds: readonly string[]): Promise<Map<string, ShopifyLevel>> {
  const levels = new Map<string, ShopifyLevel>();
  for (const part of chunks(inventoryItemIds, LOOKUP_PAGE)) {
    for (const l of await queryLevels(client, locationId, part.map((id) => `id:${gidNumber(id)}`).join(" OR "))) levels.set(l.inventoryItemId, l);
  }
  return levels;
}

export interface ResolvedItems {
  /** SKU → inventory item GID. */
  items: Map<string, string>;
  /** Levels learnt while looking SKUs up (only for SKUs that were not cached). */
  levels: Map<string, ShopifyLevel>;
  /** SKUs Shopify has no inventory item for: nothing to push. */
  unknown: string[];
}

export async function resolveInventoryItems(db: Database, client: AdminClient, opts: { shopId: number; locationId: string; skus: readonly string[] }): Promise<ResolvedItems> {
  const items = new Map<string, string>();
  for (const part of chunks(opts.skus)) {
    const rows = await db
      .select({ sku: skusTable.sku, ref: sql<string | null>`${skusTable.channelRefs} -> 'shopify' ->> 'inventoryItemId'` })
      .from(skusTable)
      .where(and(eq(skusTable.shopId, opts.shopId), inArray(skusTable.sku, part)));
    for (const r of rows) if (r.ref) items.set(r.sku, r.ref);
  }
  const missing = opts.skus.filter((s) => !items.has(s));
  const levels = new Map<string, ShopifyLevel>();
  for (const part of chunks(missing, LOOKUP_PAGE)) {
    const wanted = new Set(part);
    // Shopify's sku: search can match more than asked (prefixes, case); keep exact matches only.
    const found = (await queryLevels(client, opts.locationId, part.map((s) => `sku:${quote(s)}`).join(" OR "))).filter((l) => wanted.has(l.sku));
    for (const l of found) {
      if (items.has(l.sku)) continue;
      items.set(l.sku, l.inventoryItemId);
      levels.set(l.sku, l);
    }
    await cacheItemRefs(db, opts.shopId, found.filter((l) => items.get(l.sku) === l.inventoryItemId));
  }
  return { items, levels, unknown: opts.skus.filter((s) => !items.has(s)) };
}

/** Writes the mapping into skus.channel_refs, creating the SKU row when only stock knew the SKU. */
async function cacheItemRefs(db: Database, shopId: number, found: readonly ShopifyLevel[]): Promise<void> {
  for (const l of found) {
    const ref = JSON.stringify({ inventoryItemId: l.inventoryItemId });
    await db
      .insert(skusTable)
      .values({ shopId, sku: l.sku, channelRefs: { shopify: { inventoryItemId: l.inventoryItemId } } })
      .onConflictDoUpdate({
        target: [skusTable.shopId, skusTable.sku],
        set: { channelRefs: sql`${skusTable.channelRefs} || jsonb_build_object('shopify', coalesce(${skusTable.channelRefs} -> 'shopify', '{}'::jsonb) || ${ref}::jsonb)` },
      });
  }
}

/** Forgets cached mappings Shopify refused (a deleted variant), so the next push looks them up again. */
export async function forgetItemRefs(db: Database, shopId: number, skus: readonly string[]): Promise<void> {
  if (!skus.length) return;
  await db
    .update(skusTable)
    .set({ channelRefs: sql`${skusTable.channelRefs} #- '{shopify,inventoryItemId}'` })
    .where(and(eq(skusTable.shopId, shopId), inArray(skusTable.sku, [...skus])));
}

/** Stocks an item at Corridor's location with its first quantity (idempotent per item, location, quantity). */
export async function activateItem(client: AdminClient, opts: { inventoryItemId: string; locationId: string; available: number }): Promise<number> {
  const key = `activate-${gidNumber(opts.inventoryItemId)}-${gidNumber(opts.locationId)}-${opts.available}`;
  const result = await client.request(CORRIDOR_INVENTORY_ACTIVATE, { ...opts, key });
  return result.inventoryActivate?.inventoryLevel?.quantities.find((q) => q.name === "available")?.quantity ?? opts.available;
}
