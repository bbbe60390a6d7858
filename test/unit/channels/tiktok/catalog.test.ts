import { describe, expect, it } from "vitest";
import { productSearchCatalogPage } from "~/channels/tiktok/catalog";

describe("TikTok Search Products page as catalog entries", () => {
  it("GIVEN products with seller SKUs and warehouses THEN keeps product, SKU and sorted warehouse ids as strings, and the next token", () => {
    const page = productSearchCatalogPage({
      products: [
        { id: "7300000000000000001", skus: [{ id: "7300000000000000011", seller_sku: "MUG-RED", inventory: [{ warehouse_id: "72", quantity: 1 }, { warehouse_id: "71", quantity: 0 }] }, { id: "7300000000000000012", seller_sku: "" }] },
        { id: "7300000000000000002", skus: [{ id: "7300000000000000021", seller_sku: "MUG-BLUE" }] },
      ],
      next_page_token: "b2Zmc2V0PTEwMA",
      total_count: 140,
    });
    expect(page).toEqual({
      entries: [
        { sku: "MUG-RED", channelRef: { productId: "7300000000000000001", skuId: "7300000000000000011", warehouseIds: "71,72" } },
        { sku: "MUG-BLUE", channelRef: { productId: "7300000000000000002", skuId: "7300000000000000021", warehouseIds: "" } },
      ],
      cursor: "b2Zmc2V0PTEwMA",
      withoutSku: 1,
      total: 140,
    });
  });

  it("GIVEN the last page (empty token) THEN the cursor is null", () => {
    expect(productSearchCatalogPage({ products: [], next_page_token: "" }).cursor).toBeNull();
  });
});
