import { describe, expect, it } from "vitest";
import { listingCatalogEntries } from "~/channels/etsy/catalog";
import type { EtsyInventory } from "~/channels/etsy/wire";

const product = (sku: string | undefined, extra: Partial<EtsyInventory["products"][number]> = {}): EtsyInventory["products"][number] => ({
  sku,
  offerings: [{ quantity: 1, is_enabled: true, price: { amount: 100, divisor: 100, currency_code: "USD" } }],
  property_values: [],
  ...extra,
});

describe("Etsy catalog entries of one listing", () => {
  it("GIVEN variants with SKUs, a blank one, a deleted one and a repeated one THEN keeps each live SKU once with the listing id", () => {
    const inventory: EtsyInventory = { products: [product("TEE-S"), product(" TEE-M "), product(""), product(undefined), product("TEE-L", { is_deleted: true }), product("TEE-S")] };
    const { entries, withoutSku } = listingCatalogEntries(42, inventory);
    expect(entries).toEqual([
      { sku: "TEE-S", channelRef: { listingId: "42" } },
      { sku: "TEE-M", channelRef: { listingId: "42" } },
    ]);
    expect(withoutSku).toBe(true);
  });
});
