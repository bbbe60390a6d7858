import { describe, expect, it } from "vitest";
import { screenDangerousGoods, type ScreenLane, type ScreenLine } from "~/domain/customs/screen-dangerous-goods";

const post: ScreenLane = { id: "VN-POST", mode: "post", allowsLithium: true, postAcceptsLithiumInEquipment: true };
const express: ScreenLane = { id: "VN-DHL", mode: "express", allowsLithium: true };
const codes = (lines: ScreenLine[], lane: ScreenLane, date = "2026-12-01") => screenDangerousGoods(lines, lane, date).findings.map((f) => f.code);

describe("screenDangerousGoods", () => {
  it("blocks a power bank (loose lithium-ion) by post", () => {
    const r = screenDangerousGoods([{ sku: "PB-10K", quantity: 1, dangerousGoods: { lithium: "ion_loose", wattHours: 37 } }], post, "2026-12-01");
    expect(r.allowed).toBe(false);
    expect(r.findings[0]).toMatchObject({ code: "DG_LOOSE_LITHIUM_BY_POST", severity: "block", sku: "PB-10K" });
    expect(r.findings[0]!.reason).toMatch(/PB-10K.*loose lithium battery/);
  });

  it("blocks loose batteries on an express lane under Section II and allows them, at ≤ 30% charge, on a fully regulated lane", () => {
    const pb = (soc?: number): ScreenLine[] => [{ sku: "PB-10K", quantity: 1, dangerousGoods: { lithium: "ion_loose", wattHours: 37, ...(soc === undefined ? {} : { stateOfChargePct: soc }) } }];
    expect(codes(pb(30), express)).toEqual(["DG_LOOSE_LITHIUM_NOT_SECTION_II"]);
    const regulated = { ...express, fullyRegulatedDg: true };
    expect(screenDangerousGoods(pb(30), regulated, "2026-12-01").allowed).toBe(true);
    expect(codes(pb(50), regulated)).toEqual(["DG_SOC_OVER_30"]);
  });

  it("requires ≤ 30% state of charge for UN3481 packed with equipment over 2.7 Wh from 2026-01-01, not before", () => {
    const cam: ScreenLine[] = [{ sku: "CAM-1", quantity: 1, dangerousGoods: { lithium: "ion_with_equipment", wattHours: 10 } }];
    // 2025-12-31: no SoC rule yet → allowed
    expect(screenDangerousGoods(cam, express, "2025-12-31").allowed).toBe(true);
    // 2026-01-01: SoC unknown → blocked asking for evidence
    expect(codes(cam, express, "2026-01-01")).toEqual(["DG_SOC_EVIDENCE_MISSING"]);
    // at 30% → allowed; at 31% → blocked
    expect(screenDangerousGoods([{ ...cam[0]!, dangerousGoods: { ...cam[0]!.dangerousGoods, stateOfChargePct: 30 } }], express, "2026-01-01").allowed).toBe(true);
    expect(codes([{ ...cam[0]!, dangerousGoods: { ...cam[0]!.dangerousGoods, stateOfChargePct: 31 } }], express, "2026-01-01")).toEqual(["DG_SOC_OVER_30"]);
  });

  it("does not apply the SoC rule at or under 2.7 Wh", () => {
    const small: ScreenLine[] = [{ sku: "WATCH-1", quantity: 1, dangerousGoods: { lithium: "ion_with_equipment", wattHours: 2.7 } }];
    expect(screenDangerousGoods(small, express, "2026-12-01").allowed).toBe(true);
  });

  it("blocks batteries packed with equipment by post; posts take only batteries installed in devices", () => {
    expect(codes([{ sku: "CAM-1", quantity: 1, dangerousGoods: { lithium: "ion_with_equipment", wattHours: 10, stateOfChargePct: 20 } }], post))
      .toEqual(["DG_LITHIUM_WITH_EQUIPMENT_BY_POST"]);
  });

  it("blocks devices with batteries by post until the post has confirmed it accepts them", () => {
    const phone: ScreenLine[] = [{ sku: "LAMP-1", quantity: 1, dangerousGoods: { lithium: "ion_in_equipment", wattHours: 5 } }];
    expect(codes(phone, { ...post, postAcceptsLithiumInEquipment: undefined })).toEqual(["DG_POST_LITHIUM_NOT_CONFIRMED"]);
    // confirmed → allowed, with the SoC recommendation as a warning only
    const r = screenDangerousGoods(phone, post, "2026-12-01");
    expect(r.allowed).toBe(true);
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual([["DG_SOC_RECOMMENDED", "warn"]]);
  });

  it("blocks a battery over 100 Wh under Section II and asks for the Wh rating when missing", () => {
    expect(codes([{ sku: "EBIKE-BAT", quantity: 1, dangerousGoods: { lithium: "ion_in_equipment", wattHours: 160, stateOfChargePct: 20 } }], express)).toEqual(["DG_SECTION_II_WH_LIMIT"]);
    expect(codes([{ sku: "FAN-1", quantity: 1, dangerousGoods: { lithium: "ion_in_equipment" } }], express)).toEqual(["DG_WATT_HOURS_MISSING"]);
  });

  it("blocks lithium-metal over 2 g per battery", () => {
    expect(codes([{ sku: "TRACKER", quantity: 1, dangerousGoods: { lithium: "metal_in_equipment", lithiumGramsPerBattery: 2.5 } }], express)).toEqual(["DG_SECTION_II_LITHIUM_METAL_LIMIT"]);
  });

  it("blocks a parcel with more than 5 kg of batteries", () => {
    // 12 units × 0.45 kg = 5.40 kg > 5 kg
    const r = screenDangerousGoods([{ sku: "SPEAKER", quantity: 12, dangerousGoods: { lithium: "ion_in_equipment", wattHours: 20, stateOfChargePct: 25, batteryNetWeightKgPerUnit: 0.45 } }], express, "2026-12-01");
    expect(r.findings.map((f) => f.code)).toEqual(["DG_SECTION_II_NET_WEIGHT"]);
    expect(r.findings[0]!.reason).toMatch(/5\.40 kg/);
  });

  it("blocks lithium on a lane that does not accept it, and perfume by post", () => {
    expect(codes([{ sku: "LAMP-1", quantity: 1, dangerousGoods: { lithium: "ion_in_equipment", wattHours: 5 } }], { ...express, allowsLithium: false })).toEqual(["DG_LANE_NO_LITHIUM"]);
    expect(codes([{ sku: "PERFUME", quantity: 1, dangerousGoods: { otherClasses: ["flammable_liquid"] } }], post)).toEqual(["DG_CLASS_NOT_MAILABLE"]);
    expect(codes([{ sku: "MAGNET", quantity: 1, dangerousGoods: { otherClasses: ["magnetized"] } }], { ...express, prohibitedClasses: ["magnetized"] })).toEqual(["DG_CLASS_PROHIBITED_BY_LANE"]);
  });

  it("does not apply air rules on sea lanes and passes goods without dangerous-goods data", () => {
    const sea: ScreenLane = { id: "VN-SEA", mode: "sea", allowsLithium: false };
    expect(screenDangerousGoods([{ sku: "PB-10K", quantity: 1, dangerousGoods: { lithium: "ion_loose" } }], sea, "2026-12-01").allowed).toBe(true);
    expect(screenDangerousGoods([{ sku: "TEE", quantity: 3 }], post, "2026-12-01")).toEqual({ laneId: "VN-POST", allowed: true, findings: [] });
  });
});
