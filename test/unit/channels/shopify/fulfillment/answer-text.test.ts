/**
 * The pure pieces of what Corridor tells Shopify: rejection reasons, the acceptance message,
 * tracking info naming, and which fulfillment-order lines a shipment fulfils. No I/O: these would
 * sit under test/unit/ (see the report; that folder is outside this change's paths).
 */
import { describe, expect, it } from "vitest";
import { acceptanceText, rejectionReason } from "../../../../../app/channels/shopify/fulfillment/answer-text";
import { planFulfillmentLines } from "../../../../../app/channels/shopify/tracking/plan-fulfillment-lines";
import { customsMessage, shopifyCompany, trackingInput } from "../../../../../app/channels/shopify/tracking/tracking-input";
import type { RoutedDecision } from "../../../../../app/domain/routing/types";

describe("rejectionReason", () => {
  it.each([
    ["NO_STOCK", true, "INVENTORY_OUT_OF_STOCK"],
    ["NO_LANE", true, "UNDELIVERABLE_DESTINATION"],
    ["NO_LANE", false, "INTERNATIONAL_SHIPPING_UNAVAILABLE"],
    ["LITHIUM_RESTRICTED", true, "INELIGIBLE_PRODUCT"],
    ["PROHIBITED", false, "INELIGIBLE_PRODUCT"],
    ["NO_SHIPPING_ADDRESS", true, "INCORRECT_ADDRESS"],
    ["TOO_MANY_SPLITS", true, "OTHER"],
    ["NO_WAREHOUSES", true, "OTHER"],
  ] as const)("maps %s (domestic warehouse: %s) to %s", (code, domestic, expected) => {
    expect(rejectionReason(code, { domesticWarehouseExists: domestic })).toBe(expected);
  });
});

describe("acceptanceText", () => {
  const allocation = (warehouseCode: string, handoverDate: string) => ({ warehouseCode, delivery: { handoverDate } }) as RoutedDecision["allocations"][number];

  it("names the warehouse and the handover day, promising its end of day in UTC", () => {
    const text = acceptanceText({ allocations: [allocation("VN-HCM", "2026-11-26")] }, new Map([["VN-HCM", "Ho Chi Minh City"]]));
    expect(text).toEqual({ message: "Corridor will ship this from Ho Chi Minh City (VN-HCM) by 2026-11-26.", estimatedShippedAt: "2026-11-26T23:59:59Z" });
  });

  it("lists every warehouse of a split shipment and takes the earliest handover", () => {
    const text = acceptanceText({ allocations: [allocation("US-RNO", "2026-11-27"), allocation("VN-HCM", "2026-11-25")] }, new Map([["US-RNO", "Reno"], ["VN-HCM", "VN-HCM"]]));
    expect(text.message).toBe("Corridor will ship this from Reno (US-RNO) and VN-HCM (split shipment) by 2026-11-25.");
    expect(text.estimatedShippedAt).toBe("2026-11-25T23:59:59Z");
  });
});

describe("tracking info for Shopify", () => {
  it("spells supported carriers exactly as Shopify lists them and drops the company otherwise", () => {
    expect(shopifyCompany("japan-post")).toBe("Japan Post (EN)");
    expect(shopifyCompany("dhl-ecommerce-asia")).toBe("DHL eCommerce Asia");
    expect(shopifyCompany("YunExpress")).toBe("YunExpress");
    expect(shopifyCompany("yunexpress ")).toBeNull();
    expect(shopifyCompany("vietnam-post")).toBeNull();
    expect(trackingInput("vietnam-post", "RR123456785VN", null)).toEqual({ number: "RR123456785VN", url: "https://vnpost.vn/en/tra-cuu-hanh-trinh/buu-pham?key=RR123456785VN" });
    expect(trackingInput("Some Local Courier", "X1", null)).toEqual({ number: "X1" });
  });

  it("prefers the warehouse's own tracking URL over the carrier's generic one", () => {
    expect(trackingInput("usps", "9400111899223197428490", "https://track.example/1")).toEqual({ company: "USPS", number: "9400111899223197428490", url: "https://track.example/1" });
  });

  it("words the customs steps Shopify has no status for", () => {
    expect(customsMessage("in_customs", "London, GB", "Awaiting duty payment")).toBe("Held at customs in London, GB: Awaiting duty payment");
    expect(customsMessage("customs_released", null, null)).toBe("Released by customs");
    expect(customsMessage("in_transit", "Memphis, US", null)).toBeUndefined();
  });
});

describe("planFulfillmentLines", () => {
  const fo = (id: string, lines: Array<[string, string, number]>) => ({ id, lines: lines.map(([lid, lineItemId, remainingQuantity]) => ({ id: lid, lineItemId, remainingQuantity })) });

  it("takes only the shipped lines, by LineItem id, never beyond what remains", () => {
    const plan = planFulfillmentLines([{ lineItemId: "LI-1", quantity: 2 }], [fo("FO-1", [["FOL-1", "LI-1", 3], ["FOL-2", "LI-2", 1]])]);
    expect(plan).toEqual({ groups: [{ fulfillmentOrderId: "FO-1", fulfillmentOrderLineItems: [{ id: "FOL-1", quantity: 2 }] }], missing: [] });
  });

  it("spreads one line over several fulfillment orders and reports what nothing covers", () => {
    const plan = planFulfillmentLines(
      [{ lineItemId: "LI-1", quantity: 3 }, { lineItemId: "LI-9", quantity: 1 }],
      [fo("FO-1", [["FOL-1", "LI-1", 1]]), fo("FO-2", [["FOL-3", "LI-1", 5]])],
    );
    expect(plan.groups).toEqual([
      { fulfillmentOrderId: "FO-1", fulfillmentOrderLineItems: [{ id: "FOL-1", quantity: 1 }] },
      { fulfillmentOrderId: "FO-2", fulfillmentOrderLineItems: [{ id: "FOL-3", quantity: 2 }] },
    ]);
    expect(plan.missing).toEqual([{ lineItemId: "LI-9", quantity: 1 }]);
  });

  it("plans nothing for lines already fulfilled", () => {
    expect(planFulfillmentLines([{ lineItemId: "LI-1", quantity: 1 }], [fo("FO-1", [["FOL-1", "LI-1", 0]])])).toEqual({ groups: [], missing: [{ lineItemId: "LI-1", quantity: 1 }] });
  });
});
