import { describe, expect, it } from "vitest";
import { moneyToMinor, planInventoryUpdate, receiptToCanonical } from "~/channels/etsy/map";
import type { EtsyInventory, EtsyReceipt } from "~/channels/etsy/wire";
import inventoryFixture from "../../../fixtures/etsy/listing-inventory.json";
import receiptFixture from "../../../fixtures/etsy/receipt-paid.json";

const receipt = receiptFixture as unknown as EtsyReceipt;
const inventory = inventoryFixture as unknown as EtsyInventory;

describe("Etsy receipt → canonical order", () => {
  it("maps a paid receipt's physical transactions to lines with minor-unit prices and leaves the digital one out", () => {
    // GIVEN the documented receipt; WHEN mapped for shop 777
    const order = receiptToCanonical(receipt, "777");
    // THEN
    expect(order).toMatchObject({
      channel: "etsy",
      shopDomain: "777",
      externalId: "3456789012",
      name: "Etsy #3456789012",
      placedAt: new Date(1764000000 * 1000).toISOString(),
      updatedAt: new Date(1764000300 * 1000).toISOString(),
      cancelledAt: null,
      currency: "EUR",
      shippingMethod: "Standard International",
      shippingCharged: 999,
      shipTo: { countryCode: "FR", city: "Paris", zip: "75001", name: "Lan Nguyen", address1: "12 Rue de Rivoli", address2: "Bât. B", email: "buyer@example.com" },
    });
    expect(order.lines).toEqual([{ externalLineId: "4100000001", sku: "SCARF-INDIGO", quantity: 2, unitPrice: 2249, currency: "EUR", weightGrams: 0, title: "Silk scarf, indigo" }]);
    expect(order.shipTo.provinceCode).toBeUndefined();
  });

  it("marks a canceled receipt cancelled at its update time", () => {
    const order = receiptToCanonical({ ...receipt, status: "canceled" }, "777");
    expect(order.cancelledAt).toBe(order.updatedAt);
  });

  it("refuses a physical transaction without a SKU with a sentence for the merchant", () => {
    const noSku = { ...receipt, transactions: [{ ...receipt.transactions![0]!, sku: null }] };
    expect(() => receiptToCanonical(noSku, "777")).toThrowError(expect.objectContaining({ code: "ETSY_MISSING_SKU", merchantMessage: expect.stringContaining("Silk scarf") }));
  });

  it("converts Money by the currency's own minor unit, whatever Etsy's divisor", () => {
    expect(moneyToMinor({ amount: 1999, divisor: 100, currency_code: "USD" })).toBe(1999);
    expect(moneyToMinor({ amount: 19990, divisor: 1000, currency_code: "USD" })).toBe(1999);
    expect(moneyToMinor({ amount: 1500, divisor: 1, currency_code: "JPY" })).toBe(1500);
    expect(moneyToMinor({ amount: 250000, divisor: 1, currency_code: "VND" })).toBe(250000);
  });
});

describe("Etsy inventory write plan", () => {
  it("sets one variant and carries every other variant over unchanged", () => {
    // GIVEN a two-variant listing; WHEN only SCARF-INDIGO changes to 7
    const plan = planInventoryUpdate(inventory, new Map([["SCARF-INDIGO", 7]]));
    // THEN both products are in the PUT, the other keeps its 9, prices are floats
    expect(plan.body.products.map((p) => [p.sku, p.offerings[0]!.quantity, p.offerings[0]!.price])).toEqual([
      ["SCARF-INDIGO", 7, 22.49],
      ["SCARF-SAFFRON", 9, 24.99],
    ]);
    expect(plan.set).toEqual(new Map([["SCARF-INDIGO", 7]]));
    expect(plan.body.quantity_on_property).toEqual([200]);
  });

  it("strips the read-only fields Etsy refuses on write", () => {
    const text = JSON.stringify(planInventoryUpdate(inventory, new Map([["SCARF-SAFFRON", 1]])).body);
    for (const field of ["product_id", "offering_id", "is_deleted", "scale_name", "currency_code"]) expect(text).not.toContain(field);
  });

  it("writes zero for negative availability and reports a SKU not on the listing as not set", () => {
    const plan = planInventoryUpdate(inventory, new Map([["SCARF-INDIGO", -3], ["NOT-HERE", 5]]));
    expect(plan.set).toEqual(new Map([["SCARF-INDIGO", 0]]));
  });

  it("drops products Etsy already marks deleted, and only those", () => {
    const withDeleted: EtsyInventory = { ...inventory, products: [...inventory.products, { ...inventory.products[0]!, sku: "OLD", is_deleted: true }] };
    expect(planInventoryUpdate(withDeleted, new Map()).body.products.map((p) => p.sku)).toEqual(["SCARF-INDIGO", "SCARF-SAFFRON"]);
  });
});
