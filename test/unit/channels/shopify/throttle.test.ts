import { describe, expect, it } from "vitest";
import type { AdminClient } from "~/channels/shopify/admin-client.server";
import { CORRIDOR_INVENTORY_SET_QUANTITIES } from "~/channels/shopify/operations/inventory";
import { ShopBucket } from "~/channels/shopify/throttle";
import { assertNoUserErrors, ShopifyUserErrorsError } from "~/channels/shopify/user-errors";

describe("ShopBucket", () => {
  it("waits for exactly the points the bucket lacks at its restore rate", () => {
    // GIVEN Shopify reported 20 of 2000 points left, restoring 100/s
    let now = 0;
    const bucket = new ShopBucket(() => now);
    bucket.observe({ maximumAvailable: 2000, currentlyAvailable: 20, restoreRate: 100 });
    // THEN a 120-point call waits 1 s, and nothing once a second has passed
    expect(bucket.waitMsFor(120)).toBe(1000);
    now = 1000;
    expect(bucket.waitMsFor(120)).toBe(0);
  });

  it("counts points promised to calls in flight until they are released", () => {
    const bucket = new ShopBucket(() => 0);
    bucket.observe({ maximumAvailable: 100, currentlyAvailable: 100, restoreRate: 50 });
    const release = bucket.reserve(80);
    expect(bucket.waitMsFor(50)).toBe(600);
    release();
    expect(bucket.waitMsFor(50)).toBe(0);
  });
});

describe("assertNoUserErrors", () => {
  it("throws a typed error carrying every code when a mutation returns userErrors", () => {
    const data = { inventorySetQuantities: { inventoryAdjustmentGroup: null, userErrors: [{ field: ["input"], message: "stale", code: "CHANGE_FROM_QUANTITY_STALE" }] } };
    expect(() => assertNoUserErrors(data)).toThrow(ShopifyUserErrorsError);
    try {
      assertNoUserErrors(data);
    } catch (e) {
      expect((e as ShopifyUserErrorsError).codes).toEqual(["CHANGE_FROM_QUANTITY_STALE"]);
    }
  });

  it("returns data untouched when userErrors is empty", () => {
    const data = { fulfillmentCreate: { fulfillment: { id: "gid://shopify/Fulfillment/1" }, userErrors: [] } };
    expect(assertNoUserErrors(data)).toBe(data);
  });
});

// Compile-time contract (checked by `tsc --noEmit`): the client only takes an operation's own variables.
export function typingContract(client: AdminClient) {
  // @ts-expect-error -- `key` (the @idempotent key) is required
  void client.request(CORRIDOR_INVENTORY_SET_QUANTITIES, { input: { name: "available", reason: "correction", quantities: [] } });
  // @ts-expect-error -- not a Corridor operation known to codegen
  void client.request("query { shop { id } }");
}
