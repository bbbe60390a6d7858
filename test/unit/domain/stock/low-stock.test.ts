import { describe, expect, it } from "vitest";
import { daysOfCover, lowStockAlerts, salesKey } from "~/domain/stock/low-stock";
import { pushWindow } from "~/domain/stock/coalesce-window";

describe("lowStockAlerts", () => {
  const base = { salesWindowDays: 14, lowStockUnits: 5, minDaysOfCover: 7 };

  it("flags a SKU selling faster than its stock covers, lowest cover first", () => {
    // GIVEN A sells 28 units in 14 days from warehouse 1 and has 10 sellable (5 days of cover); B has 40 and sells 14 (40 days)
    const alerts = lowStockAlerts({
      ...base,
      levels: [
        { warehouseId: 1, sku: "A", onHand: 12, reserved: 1, safetyBuffer: 1 },
        { warehouseId: 1, sku: "B", onHand: 40, reserved: 0, safetyBuffer: 0 },
        { warehouseId: 2, sku: "C", onHand: 3, reserved: 0, safetyBuffer: 0 },
      ],
      unitsSold: new Map([[salesKey(1, "A"), 28], [salesKey(1, "B"), 14]]),
    });
    // THEN A is flagged by cover, C (no sales, 3 units) by the unit threshold, B not at all
    expect(alerts.map((a) => [a.sku, a.daysOfCover, a.reasons])).toEqual([
      ["A", 5, ["below_days_of_cover"]],
      ["C", null, ["below_units"]],
    ]);
  });

  it("treats a SKU with no sales as unbounded cover", () => {
    expect(daysOfCover(3, 0)).toBeNull();
  });
});

describe("pushWindow", () => {
  it("maps every instant of one window to the same job and delays it to the window's end", () => {
    const a = pushWindow(new Date(10_000), 1_000);
    const b = pushWindow(new Date(10_999), 1_000);
    expect(a.window).toBe(b.window);
    expect([a.delayMs, b.delayMs]).toEqual([1_000, 1]);
    expect(pushWindow(new Date(11_000), 1_000).window).toBe(a.window + 1);
  });
});
