/**
 * Low-stock alerts per warehouse and SKU. Days of cover = sellable units ÷ average daily units
 * shipped from that warehouse over the sales window; a SKU with no sales has unlimited cover and
 * is flagged only by the unit threshold (shops.settings.lowStockThreshold).
 */
import { sellableAt, type WarehouseLevel } from "./available-to-sell";

export interface LowStockInput {
  levels: readonly WarehouseLevel[];
  /** Units allocated per `${warehouseId}|${sku}` over the last `salesWindowDays`. */
  unitsSold: ReadonlyMap<string, number>;
  salesWindowDays: number;
  /** Flag when sellable ≤ this many units (shops.settings.lowStockThreshold). */
  lowStockUnits: number;
  /** Flag when days of cover < this. */
  minDaysOfCover: number;
}

export interface LowStockAlert {
  warehouseId: number;
  sku: string;
  sellable: number;
  dailySales: number;
  /** null = no sales in the window: cover is unbounded. */
  daysOfCover: number | null;
  reasons: Array<"below_units" | "below_days_of_cover">;
}

export const salesKey = (warehouseId: number, sku: string) => `${warehouseId}|${sku}`;

export function daysOfCover(sellable: number, dailySales: number): number | null {
  if (dailySales <= 0) return null;
  return Math.max(0, sellable) / dailySales;
}

/** Alerts, lowest cover first. */
export function lowStockAlerts(input: LowStockInput): LowStockAlert[] {
  if (!(input.salesWindowDays > 0)) throw new RangeError("salesWindowDays must be positive");
  const alerts: LowStockAlert[] = [];
  for (const level of input.levels) {
    const sellable = sellableAt(level);
    const dailySales = (input.unitsSold.get(salesKey(level.warehouseId, level.sku)) ?? 0) / input.salesWindowDays;
    const cover = daysOfCover(sellable, dailySales);
    const reasons: LowStockAlert["reasons"] = [];
    if (sellable <= input.lowStockUnits) reasons.push("below_units");
    if (cover !== null && cover < input.minDaysOfCover) reasons.push("below_days_of_cover");
    if (reasons.length) alerts.push({ warehouseId: level.warehouseId, sku: level.sku, sellable, dailySales, daysOfCover: cover, reasons });
  }
  const rank = (a: LowStockAlert) => a.daysOfCover ?? Number.POSITIVE_INFINITY;
  return alerts.sort((a, b) => rank(a) - rank(b) || a.sellable - b.sellable || (a.sku < b.sku ? -1 : 1));
}
