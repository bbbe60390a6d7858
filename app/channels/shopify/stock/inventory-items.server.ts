/**
 * SKU → Shopify inventory item, and the level at Corridor's location. Looked up with
 * CorridorInventoryItemsBySku, 50 SKUs a call (cost ≈ 2 + 50 × 3 points); the caller caches what
 * is found in skus.channel_refs.shopify.inventoryItemId, so each SKU is looked up once.
 */
import type { AdminClient } from "../admin-client.server";
import { CORRIDOR_INVENTORY_ACTIVATE, CORRIDOR_INVENTORY_ITEMS_BY_SKU } from "../operations/inventory";
import type { CorridorInventoryItemsBySkuQuery } from "../../../types/admin.generated";
import { chunks } from "../../../lib/chunks";

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

/** The inventory item (and its level at the location) of each SKU Shopify knows; absent SKUs have none. */
export async function lookupItemsBySku(client: AdminClient, locationId: string, skus: readonly string[]): Promise<Map<string, ShopifyLevel>> {
  const found = new Map<string, ShopifyLevel>();
  for (const part of chunks(skus, LOOKUP_PAGE)) {
    const wanted = new Set(part);
    // Shopify's sku: search can match more than asked (prefixes, case); keep exact matches only.
    for (const l of await queryLevels(client, locationId, part.map((s) => `sku:${quote(s)}`).join(" OR "))) {
      if (wanted.has(l.sku) && !found.has(l.sku)) found.set(l.sku, l);
    }
  }
  return found;
}

/** Stocks an item at Corridor's location with its first quantity (idempotent per item, location, quantity). */
export async function activateItem(client: AdminClient, opts: { inventoryItemId: string; locationId: string; available: number }): Promise<number> {
  const key = activationKey(opts.inventoryItemId, opts.locationId, opts.available);
  const result = await client.request(CORRIDOR_INVENTORY_ACTIVATE, { ...opts, key });
  return result.inventoryActivate?.inventoryLevel?.quantities.find((q) => q.name === "available")?.quantity ?? opts.available;
}

export const activationKey = (inventoryItemId: string, locationId: string, available: number) => `activate-${gidNumber(inventoryItemId)}-${gidNumber(locationId)}-${available}`;
