import { describe, expect, it } from "vitest";
import { DEFAULT_ROUTING_POLICY, RoutingPolicySchema } from "~/domain/routing/routing-policy-schema";

describe("RoutingPolicySchema", () => {
  it("defaults an unconfigured shop to cheapest with at most one split", () => {
    expect(DEFAULT_ROUTING_POLICY).toEqual({ objective: "cheapest", maxSplits: 1, preferredWarehouseIds: [], blockedWarehouseIds: [] });
  });

  it("refuses a balanced policy without a promise and a warehouse both preferred and blocked", () => {
    const r = RoutingPolicySchema.safeParse({ objective: "balanced", preferredWarehouseIds: ["US-RNO"], blockedWarehouseIds: ["US-RNO"] });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["promiseDays", "preferredWarehouseIds"]);
  });

  it("accepts a balanced 7-day promise with two splits", () => {
    expect(RoutingPolicySchema.parse({ objective: "balanced", promiseDays: 7, maxSplits: 2 })).toMatchObject({ objective: "balanced", promiseDays: 7, maxSplits: 2 });
  });
});
