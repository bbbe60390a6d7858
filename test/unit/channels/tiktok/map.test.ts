import { describe, expect, it } from "vitest";
import { decimalToMinor, orderToCanonical, pickLineItems, planInventoryUpdate } from "~/channels/tiktok/map";
import type { TiktokInventorySearch, TiktokOrder } from "~/channels/tiktok/wire";
import orderFixture from "../../../fixtures/tiktok/order-detail.json";

const order = orderFixture as unknown as TiktokOrder;

describe("TikTok order → canonical order", () => {
  it("groups one-unit line items by SKU into quantities and ignores cancelled units", () => {
    // GIVEN 2 × BOWL-RED, 1 live + 1 cancelled BOWL-BLUE; WHEN mapped
    const canonical = orderToCanonical(order, "7494000000000000001");
    // THEN two lines: RED × 2 (mean of 12.00 and 10.99), BLUE × 1
    expect(canonical.lines).toEqual([
      { externalLineId: "1729592969712207001", sku: "BOWL-RED", quantity: 2, unitPrice: 1150, currency: "USD", weightGrams: 0, title: "Lacquer bowl — Red" },
      { externalLineId: "1729592969712207002", sku: "BOWL-BLUE", quantity: 1, unitPrice: 1300, currency: "USD", weightGrams: 0, title: "Lacquer bowl — Blue" },
    ]);
  });

  it("keeps the 64-bit order id as a string and maps address, money and times", () => {
    const canonical = orderToCanonical(order, "7494000000000000001");
    expect(canonical).toMatchObject({
      channel: "tiktok",
      externalId: "576461413038785752",
      name: "TikTok #576461413038785752",
      currency: "USD",
      shippingCharged: 499,
      shippingMethod: "Standard shipping",
      placedAt: new Date(1764000000 * 1000).toISOString(),
      updatedAt: new Date(1764000600 * 1000).toISOString(),
      cancelledAt: null,
      shipTo: { countryCode: "US", provinceCode: "California", city: "San Francisco", zip: "94105", name: "Bao Tran", address1: "500 Market St", address2: "Apt 4", phone: "(+1)555-0100" },
    });
  });

  it("parses decimal strings without floating-point drift", () => {
    expect(decimalToMinor("0.29", "USD")).toBe(29);
    expect(decimalToMinor("19.999", "USD")).toBe(2000);
    expect(decimalToMinor("1000", "JPY")).toBe(1000);
    expect(decimalToMinor("15000.5", "VND")).toBe(15001);
    expect(() => decimalToMinor("12,50", "EUR")).toThrow();
  });
});

describe("TikTok package lines", () => {
  it("picks as many unshipped unit ids of a SKU as the shipment carries", () => {
    expect(pickLineItems(order, [{ externalLineId: "1729592969712207001", quantity: 2 }])).toEqual(["577086512123755123", "577086512123755124"]);
  });

  it("refuses to ship more units than remain (a cancelled unit is not shippable)", () => {
    expect(() => pickLineItems(order, [{ externalLineId: "1729592969712207002", quantity: 2 }])).toThrowError(expect.objectContaining({ code: "TIKTOK_LINES_UNAVAILABLE" }));
  });
});

describe("TikTok inventory update plan", () => {
  const current: TiktokInventorySearch = {
    inventory: [
      {
        product_id: "P1",
        skus: [
          { id: "S1", warehouse_inventory: [{ warehouse_id: "W-US", available_quantity: 5 }, { warehouse_id: "W-VN", available_quantity: 40 }] },
          { id: "S2", warehouse_inventory: [{ warehouse_id: "W-US", available_quantity: 3 }] },
        ],
      },
    ],
  };

  it("lists every warehouse of the SKU, changing only the one pushed", () => {
    const plan = planInventoryUpdate(current, "P1", [{ skuId: "S1", warehouseId: "W-US", quantity: 12 }]);
    expect(plan.body).toEqual({ skus: [{ id: "S1", inventory: [{ warehouse_id: "W-US", quantity: 12 }, { warehouse_id: "W-VN", quantity: 40 }] }] });
    expect(plan.pushed).toEqual([{ skuId: "S1", warehouseId: "W-US", quantity: 12 }]);
  });

  it("sends a level without warehouse to a SKU's only warehouse, and skips it when the SKU has several", () => {
    const plan = planInventoryUpdate(current, "P1", [{ skuId: "S2", quantity: 1 }, { skuId: "S1", quantity: 1 }]);
    expect(plan.body.skus).toEqual([{ id: "S2", inventory: [{ warehouse_id: "W-US", quantity: 1 }] }]);
    expect(plan.skipped.map((s) => s.skuId)).toEqual(["S1"]);
  });

  it("skips a warehouse not assigned to the SKU and a SKU not in the product", () => {
    const plan = planInventoryUpdate(current, "P1", [{ skuId: "S2", warehouseId: "W-VN", quantity: 1 }, { skuId: "S9", quantity: 1 }]);
    expect(plan.body.skus).toEqual([]);
    expect(plan.skipped).toHaveLength(2);
  });
});
