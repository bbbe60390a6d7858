/**
 * TikTok Shop's side of catalog discovery, pure: a Search Products page as SKU → ids. Stock is
 * set per product and SKU id (Update Inventory), and every warehouse of the SKU must be listed, so
 * the SKU's warehouse ids are kept beside them (comma-joined: channel refs are string maps).
 */
import type { CatalogPage } from "../channel";
import type { TiktokProductSearch } from "./wire";

export function productSearchCatalogPage(data: TiktokProductSearch): CatalogPage {
  const page: CatalogPage = { entries: [], cursor: data.next_page_token ? data.next_page_token : null, withoutSku: 0, ...(data.total_count !== undefined ? { total: data.total_count } : {}) };
  for (const product of data.products ?? []) {
    let withoutSku = false;
    for (const sku of product.skus ?? []) {
      const sellerSku = sku.seller_sku?.trim();
      if (!sellerSku) {
        withoutSku = true;
        continue;
      }
      const warehouseIds = (sku.inventory ?? []).map((i) => i.warehouse_id).sort().join(",");
      page.entries.push({ sku: sellerSku, channelRef: { productId: product.id, skuId: sku.id, warehouseIds } });
    }
    if (withoutSku) page.withoutSku++;
  }
  return page;
}
