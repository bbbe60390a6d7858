/**
 * Etsy's side of catalog discovery, pure: which SKUs a listing's inventory holds. Etsy has no
 * lookup by SKU, so Corridor reads the shop's active listings (getListingsByShop) and each one's
 * inventory (getListingInventory) and keeps `{ listingId }` per SKU. Product and offering ids are
 * not kept: updateListingInventory replaces the product set and Etsy issues new ids on every write,
 * so the push reads them fresh from the listing (see pushStock).
 */
import type { CatalogEntry } from "../channel";
import type { EtsyInventory } from "./wire";

export function listingCatalogEntries(listingId: number, inventory: EtsyInventory): { entries: CatalogEntry[]; withoutSku: boolean } {
  const entries: CatalogEntry[] = [];
  const seen = new Set<string>();
  let withoutSku = false;
  for (const product of inventory.products) {
    if (product.is_deleted) continue;
    const sku = product.sku?.trim();
    if (!sku) {
      withoutSku = true;
      continue;
    }
    // Two variants of one listing sharing a SKU are one place to push (the push sets both).
    if (seen.has(sku)) continue;
    seen.add(sku);
    entries.push({ sku, channelRef: { listingId: String(listingId) } });
  }
  return { entries, withoutSku };
}
