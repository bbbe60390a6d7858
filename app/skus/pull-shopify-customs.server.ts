/**
 * "Import customs data from Shopify" and `corridor skus pull-shopify`: reads every inventory item of
 * the shop (CorridorInventoryItemsCustoms, 25 a page) and fills the SKUs' EMPTY customs fields from
 * it, creating SKUs Corridor did not know yet. Merchant edits are never overwritten (see
 * ./shopify-customs). The item id is cached in channel_refs.shopify as the stock sync does.
 * A repeated pull is harmless: nothing empty is left to fill, so it writes nothing new.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Config } from "../config.server";
import { shopAdmin } from "../channels/shopify/fulfillment/shop-admin.server";
import { CORRIDOR_INVENTORY_ITEMS_CUSTOMS } from "../channels/shopify/operations/inventory-customs";
import type { Database } from "../db/client.server";
import { skus } from "../db/schema";
import type { Logger } from "../lib/logger.server";
import type { CorridorInventoryItemsCustomsQuery } from "../types/admin.generated";
import type { FieldError } from "./customs-fields";
import { EMPTY_CUSTOMS } from "./customs-record";
import { fillFromShopify, type ShopifyInventoryItem } from "./shopify-customs";
import { customsColumns, customsFromExcluded, customsOf } from "./sku-customs.server";

const PAGE = 25;

export interface PullSummary {
  /** Inventory items read from Shopify. */
  items: number;
  created: number;
  /** Existing SKUs that got at least one empty field filled. */
  filled: number;
  unchanged: number;
  /** Items without a SKU, or repeating a SKU already read: Corridor keys customs data by SKU. */
  ignored: number;
  skipped: { sku: string; errors: FieldError[] }[];
}

export type PullOutcome = { ok: true; summary: PullSummary } | { ok: false; reason: string };

export async function pullCustomsFromShopify(
  deps: { db: Database; config: Pick<Config, "SHOPIFY_ADMIN_API_ORIGIN" | "CORRIDOR_ENCRYPTION_KEYS">; logger: Logger },
  shopDomain: string,
  opts: { onProgress?: (itemsRead: number) => void } = {},
): Promise<PullOutcome> {
  const lookup = await shopAdmin({ db: deps.db, config: deps.config as Config, logger: deps.logger }, shopDomain);
  if (!lookup.ok) return lookup;
  const { client, shopId } = lookup.admin;
  const summary: PullSummary = { items: 0, created: 0, filled: 0, unchanged: 0, ignored: 0, skipped: [] };
  const seen = new Set<string>();
  let after: string | null = null;
  do {
    const page: CorridorInventoryItemsCustomsQuery = await client.request(CORRIDOR_INVENTORY_ITEMS_CUSTOMS, { first: PAGE, after });
    const items: ShopifyInventoryItem[] = [];
    for (const item of page.inventoryItems.nodes) {
      summary.items += 1;
      const sku = item.sku?.trim();
      if (!sku || seen.has(sku)) summary.ignored += 1;
      else {
        seen.add(sku);
        items.push({ ...item, sku });
      }
    }
    if (items.length) await applyPage(deps.db, shopId, items, summary);
    opts.onProgress?.(summary.items);
    after = page.inventoryItems.pageInfo.hasNextPage ? (page.inventoryItems.pageInfo.endCursor ?? null) : null;
  } while (after);
  deps.logger.info({ shop: shopDomain, ...summary, skipped: summary.skipped.length }, "customs data pulled from Shopify");
  return { ok: true, summary };
}

async function applyPage(db: Database, shopId: number, items: ShopifyInventoryItem[], summary: PullSummary) {
  await db.transaction(async (tx) => {
    // Locked: a merchant's save between this read and the write must not be overwritten.
    const stored = await tx.select().from(skus).where(and(eq(skus.shopId, shopId), inArray(skus.sku, items.map((i) => i.sku!)))).for("update");
    const bySku = new Map(stored.map((r) => [r.sku, r]));
    const values = items.map((item) => {
      const existing = bySku.get(item.sku!);
      const fill = fillFromShopify(existing ? customsOf(existing) : EMPTY_CUSTOMS, item);
      if (fill.skipped.length) summary.skipped.push({ sku: item.sku!, errors: fill.skipped });
      if (!existing) summary.created += 1;
      else if (fill.filled.length) summary.filled += 1;
      else summary.unchanged += 1;
      return { shopId, sku: item.sku!, ...customsColumns(fill.record), channelRefs: { shopify: { inventoryItemId: item.id } } };
    });
    await tx
      .insert(skus)
      .values(values)
      .onConflictDoUpdate({
        target: [skus.shopId, skus.sku],
        set: {
          ...customsFromExcluded(),
          channelRefs: sql`${skus.channelRefs} || jsonb_build_object('shopify', coalesce(${skus.channelRefs} -> 'shopify', '{}'::jsonb) || (excluded.channel_refs -> 'shopify'))`,
        },
      });
  });
}
