import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { availableToSellBySku, sellableAt, warehousesServing, type WarehouseLevel, type WarehouseReach } from "~/domain/stock/available-to-sell";

const level = (warehouseId: number, sku: string, onHand: number, reserved = 0, safetyBuffer = 0): WarehouseLevel => ({ warehouseId, sku, onHand, reserved, safetyBuffer });

const arbLevel = fc
  .record({ warehouseId: fc.integer({ min: 1, max: 4 }), sku: fc.constantFrom("A", "B", "C"), onHand: fc.integer({ min: 0, max: 50 }), reservedShare: fc.double({ min: 0, max: 1, noNaN: true }), safetyBuffer: fc.integer({ min: 0, max: 60 }) })
  .map((r) => level(r.warehouseId, r.sku, r.onHand, Math.floor(r.onHand * r.reservedShare), r.safetyBuffer));
const arbLevels = fc.uniqueArray(arbLevel, { selector: (l) => `${l.warehouseId}|${l.sku}`, maxLength: 12 });
const arbServing = fc.uniqueArray(fc.integer({ min: 1, max: 4 })).map((ids) => new Set(ids));

describe("availableToSellBySku", () => {
  it("sums sellable units over the serving warehouses only", () => {
    // GIVEN stock of A at warehouses 1, 2 and 3, of which 1 and 3 serve the storefront
    const levels = [level(1, "A", 10, 2, 1), level(2, "A", 100), level(3, "A", 5, 0, 2)];
    // WHEN ATS is computed THEN it is (10−2−1) + (5−0−2)
    expect(availableToSellBySku(levels, new Set([1, 3])).get("A")).toBe(10);
  });

  it("lets a buffer larger than one warehouse's stock take nothing from another warehouse", () => {
    // GIVEN warehouse 1 holds 2 with a buffer of 5, warehouse 2 holds 4
    const ats = availableToSellBySku([level(1, "A", 2, 0, 5), level(2, "A", 4)], new Set([1, 2]));
    // THEN ATS is 4, not 1
    expect(ats.get("A")).toBe(4);
  });

  it("gives a requested SKU held nowhere an ATS of zero, so the storefront is set to zero", () => {
    expect(availableToSellBySku([], new Set([1]), ["GONE"]).get("GONE")).toBe(0);
  });

  it("is never negative, whatever the levels", () => {
    fc.assert(
      fc.property(arbLevels, arbServing, (levels, serving) => {
        for (const v of availableToSellBySku(levels, serving).values()) expect(v).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it("never goes up when a reservation is added", () => {
    fc.assert(
      fc.property(arbLevels, arbServing, fc.nat(), fc.integer({ min: 1, max: 50 }), (levels, serving, pick, extra) => {
        fc.pre(levels.length > 0);
        const i = pick % levels.length;
        const target = levels[i]!;
        const more = Math.min(extra, target.onHand - target.reserved);
        const after = levels.map((l, j) => (j === i ? { ...l, reserved: l.reserved + more } : l));
        const before = availableToSellBySku(levels, serving);
        const now = availableToSellBySku(after, serving);
        for (const [sku, v] of now) expect(v).toBeLessThanOrEqual(before.get(sku)!);
      }),
    );
  });

  it("never exceeds the serving warehouses' on-hand minus reservations", () => {
    fc.assert(
      fc.property(arbLevels, arbServing, (levels, serving) => {
        const ats = availableToSellBySku(levels, serving);
        for (const [sku, v] of ats) {
          const cap = levels.filter((l) => l.sku === sku && serving.has(l.warehouseId)).reduce((s, l) => s + l.onHand - l.reserved, 0);
          expect(v).toBeLessThanOrEqual(cap);
        }
      }),
    );
  });
});

describe("sellableAt", () => {
  it("floors at zero when reserved and buffer exceed on hand", () => {
    expect(sellableAt({ onHand: 3, reserved: 2, safetyBuffer: 4 })).toBe(0);
  });
});

describe("warehousesServing", () => {
  const network: WarehouseReach[] = [
    { id: 1, active: true, destinations: ["US", "CA"] },
    { id: 2, active: true, destinations: ["GB"] },
    { id: 3, active: false, destinations: ["US"] },
    { id: 4, active: true, destinations: [] },
  ];

  it("keeps active warehouses with a lane to one of the markets", () => {
    expect([...warehousesServing(network, ["us"])]).toEqual([1]);
  });

  it("takes every active warehouse with any lane when the storefront sells everywhere", () => {
    expect([...warehousesServing(network, "all")]).toEqual([1, 2]);
  });
});
