import { describe, expect, it } from "vitest";
import { normalizeGraphqlOrder, weightToGrams, type GraphqlOrder } from "../../../../app/channels/shopify/normalize-graphql-order";
import { normalizeShopifyOrder } from "../../../../app/channels/shopify/normalize-order";
import { InvalidPayloadError } from "../../../../app/lib/errors";

const SHOP = "acme.myshopify.com";

function line(over: Partial<GraphqlOrder["lineItems"]["nodes"][number]> = {}): GraphqlOrder["lineItems"]["nodes"][number] {
  return {
    id: "gid://shopify/LineItem/9007199254740993",
    sku: "TEE-RED-M",
    title: "Red tee",
    quantity: 2,
    currentQuantity: 2,
    requiresShipping: true,
    originalUnitPriceSet: { shopMoney: { amount: "19.95", currencyCode: "USD" } },
    variant: {
      id: "gid://shopify/ProductVariant/1",
      inventoryItem: {
        id: "gid://shopify/InventoryItem/2",
        harmonizedSystemCode: "610910",
        countryCodeOfOrigin: "VN",
        countryHarmonizedSystemCodes: { nodes: [{ countryCode: "US", harmonizedSystemCode: "6109100012" }] },
        measurement: { weight: { unit: "GRAMS", value: 180 } },
      },
    },
    ...over,
  } as GraphqlOrder["lineItems"]["nodes"][number];
}

function order(over: Partial<GraphqlOrder> = {}): GraphqlOrder {
  return {
    id: "gid://shopify/Order/820982911946154508",
    legacyResourceId: "820982911946154508",
    name: "#1001",
    createdAt: "2026-11-24T08:00:00Z",
    processedAt: "2026-11-24T07:59:00Z",
    updatedAt: "2026-11-24T08:05:00Z",
    cancelledAt: null,
    currencyCode: "USD",
    email: "mai@example.com",
    shippingAddress: { name: "Mai Nguyen", address1: "1 Market St", address2: null, city: "San Jose", provinceCode: "CA", zip: "95113", countryCodeV2: "US", phone: null },
    shippingLine: { title: "Standard", code: "STD", source: "shopify", originalPriceSet: { shopMoney: { amount: "5.00", currencyCode: "USD" } } },
    lineItems: { nodes: [line()], pageInfo: { hasNextPage: false, endCursor: null } },
    ...over,
  } as GraphqlOrder;
}

describe("normalizeGraphqlOrder", () => {
  it("keeps every id exact as a string, even above 2^53", () => {
    // GIVEN an order and a line whose ids exceed Number.MAX_SAFE_INTEGER; WHEN normalised
    const o = normalizeGraphqlOrder(SHOP, order());
    // THEN the digits survive unchanged
    expect(o.externalId).toBe("820982911946154508");
    expect(o.lines[0]!.externalLineId).toBe("gid://shopify/LineItem/9007199254740993");
  });

  it("converts money to integer minor units and prefers the destination's national tariff code", () => {
    // GIVEN a US order with a US-specific HS code; WHEN normalised
    const o = normalizeGraphqlOrder(SHOP, order());
    // THEN prices are cents and the 10-digit US code wins over the 6-digit HS code
    expect(o.lines[0]).toMatchObject({ sku: "TEE-RED-M", quantity: 2, unitPrice: 1995, currency: "USD", weightGrams: 180, hsCode: "6109100012", countryOfOrigin: "VN" });
    expect(o.shippingCharged).toBe(500);
    expect(o.shippingMethod).toBe("Standard");
    expect(o.shipTo).toMatchObject({ countryCode: "US", city: "San Jose", email: "mai@example.com" });
  });

  it("uses the generic HS code for destinations without a national one, and zero-decimal currencies as is", () => {
    // GIVEN a yen order shipped to Japan; WHEN normalised
    const o = normalizeGraphqlOrder(
      SHOP,
      order({
        currencyCode: "JPY",
        shippingAddress: { name: null, address1: null, address2: null, city: "Tokyo", provinceCode: null, zip: null, countryCodeV2: "JP", phone: null },
        shippingLine: null,
        lineItems: { nodes: [line({ originalUnitPriceSet: { shopMoney: { amount: "1980.0", currencyCode: "JPY" } } })], pageInfo: { hasNextPage: false, endCursor: null } },
      } as Partial<GraphqlOrder>),
    );
    // THEN 1980 yen stays 1980 and the HS code is the generic one
    expect(o.lines[0]).toMatchObject({ unitPrice: 1980, currency: "JPY", hsCode: "610910" });
    expect(o.shippingCharged).toBeUndefined();
  });

  it("converts every Shopify weight unit to whole grams", () => {
    expect(weightToGrams({ unit: "KILOGRAMS", value: 1.25 })).toBe(1250);
    expect(weightToGrams({ unit: "POUNDS", value: 1 })).toBe(454);
    expect(weightToGrams({ unit: "OUNCES", value: 2 })).toBe(57);
    expect(weightToGrams({ unit: "GRAMS", value: 0.4 })).toBe(0);
    expect(weightToGrams(null)).toBe(0);
    expect(() => weightToGrams({ unit: "STONE", value: 1 })).toThrow(InvalidPayloadError);
  });

  it("drops lines whose current quantity is zero and keeps SKU-less lines visible", () => {
    // GIVEN a removed line and a line without a SKU
    const o = normalizeGraphqlOrder(
      SHOP,
      order({ lineItems: { nodes: [line({ id: "gid://shopify/LineItem/1", currentQuantity: 0 }), line({ id: "gid://shopify/LineItem/2", sku: null, title: "Gift card" })], pageInfo: { hasNextPage: false, endCursor: null } } } as Partial<GraphqlOrder>),
    );
    // THEN only the live line remains, named so a merchant can find it
    expect(o.lines.map((l) => [l.externalLineId, l.sku])).toEqual([["gid://shopify/LineItem/2", "(no sku: Gift card)"]]);
  });

  it("refuses an order without a shipping address with a sentence for the merchant", () => {
    // GIVEN no shipping address; WHEN normalised; THEN a non-retryable error that says what to do
    const error = (() => {
      try {
        normalizeGraphqlOrder(SHOP, order({ shippingAddress: null }));
      } catch (e) {
        return e as InvalidPayloadError;
      }
    })();
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect(error?.code).toBe("NO_SHIPPING_ADDRESS");
    expect(error?.merchantMessage).toMatch(/Add an address/);
  });

  it("produces the same canonical order as the orders/create webhook for the same order", () => {
    // GIVEN the same order as the REST webhook would carry it
    const rest = normalizeShopifyOrder(SHOP, {
      id: "820982911946154508",
      admin_graphql_api_id: "gid://shopify/Order/820982911946154508",
      name: "#1001",
      currency: "USD",
      created_at: "2026-11-24T07:59:00Z",
      updated_at: "2026-11-24T08:05:00Z",
      email: "mai@example.com",
      line_items: [{ id: "9007199254740993", admin_graphql_api_id: "gid://shopify/LineItem/9007199254740993", sku: "TEE-RED-M", title: "Red tee", quantity: 2, price: "19.95", grams: 180 }],
      shipping_address: { country_code: "US", province_code: "CA", city: "San Jose", zip: "95113", name: "Mai Nguyen", address1: "1 Market St" },
      shipping_lines: [{ title: "Standard", price: "5.00" }],
    });
    // WHEN the GraphQL path normalises it
    const gql = normalizeGraphqlOrder(SHOP, order());
    // THEN ids, lines, quantities, prices and destination agree (customs fields are extra on GraphQL)
    expect({ ...gql, lines: gql.lines.map(({ hsCode: _h, countryOfOrigin: _c, ...l }) => l) }).toEqual(rest);
  });
});
