import { describe, expect, it } from "vitest";
import { InvalidPayloadError } from "~/lib/errors";
import { assertClientReference, isValidClientReference, SHOPIFY_EVENT_STATUS, STAGE_RANK, TRACKING_RANK, type TrackingStatus } from "~/warehouses/warehouse";

describe("client reference", () => {
  it("accepts up to 40 characters of letters, digits, '-' and '_' (Amazon MCF's limit)", () => {
    expect(isValidClientReference("a".repeat(40))).toBe(true);
    expect(isValidClientReference("alloc-123_r2")).toBe(true);
  });

  it.each([["a".repeat(41)], [""], ["two  spaces"], ["é-accent"], ["a:b"]])("refuses %j before any partner sees it", (ref) => {
    expect(isValidClientReference(ref)).toBe(false);
    expect(() => assertClientReference(ref)).toThrow(InvalidPayloadError);
  });
});

describe("tracking statuses", () => {
  it("map every canonical status to one of Shopify's 11 FulfillmentEventStatus values", () => {
    const shopify = new Set(["LABEL_PURCHASED", "LABEL_PRINTED", "CONFIRMED", "READY_FOR_PICKUP", "CARRIER_PICKED_UP", "IN_TRANSIT", "OUT_FOR_DELIVERY", "ATTEMPTED_DELIVERY", "DELAYED", "DELIVERED", "FAILURE"]);
    for (const status of Object.keys(TRACKING_RANK) as TrackingStatus[]) expect(shopify.has(SHOPIFY_EVENT_STATUS[status])).toBe(true);
    expect(new Set(Object.values(SHOPIFY_EVENT_STATUS))).toEqual(shopify);
  });

  it("rank a parcel's normal path strictly upwards, so a late event never moves it back", () => {
    const path: TrackingStatus[] = ["label_purchased", "carrier_picked_up", "in_transit", "in_customs", "customs_released", "out_for_delivery", "delivered"];
    for (let i = 1; i < path.length; i++) expect(TRACKING_RANK[path[i]!]).toBeGreaterThan(TRACKING_RANK[path[i - 1]!]);
    expect(STAGE_RANK.shipped).toBeGreaterThan(STAGE_RANK.packed);
    expect(STAGE_RANK.packed).toBeGreaterThan(STAGE_RANK.picked);
    expect(STAGE_RANK.picked).toBeGreaterThan(STAGE_RANK.accepted);
  });
});
