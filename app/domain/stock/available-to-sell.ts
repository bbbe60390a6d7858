/**
 * Available-to-sell: what a storefront may promise. Per warehouse, onHand − reserved − safetyBuffer,
 * floored at zero (a buffer larger than the stock must not eat another warehouse's units), summed
 * over the warehouses that serve the storefront's markets.
 */

export interface WarehouseLevel {
  warehouseId: number;
  sku: string;
  onHand: number;
  reserved: number;
  safetyBuffer: number;
}

export interface WarehouseReach {
  id: number;
  active: boolean;
  /** Every destination country of its lanes (ISO alpha-2). */
  destinations: readonly string[];
}

/** The storefront's markets (ISO alpha-2), or "all" when it sells wherever the network ships. */
export type Markets = readonly string[] | "all";

/** Units one warehouse contributes: never negative, whatever the buffer or a mid-update row says. */
export function sellableAt(level: Pick<WarehouseLevel, "onHand" | "reserved" | "safetyBuffer">): number {
  return Math.max(0, level.onHand - level.reserved - level.safetyBuffer);
}

/** Active warehouses with a lane to at least one of the markets ("all": a lane anywhere). */
export function warehousesServing(warehouses: readonly WarehouseReach[], markets: Markets): Set<number> {
  const wanted = markets === "all" ? undefined : new Set(markets.map((m) => m.toUpperCase()));
  return new Set(
    warehouses
      .filter((w) => w.active && w.destinations.some((d) => !wanted || wanted.has(d.toUpperCase())))
      .map((w) => w.id),
  );
}

/** ATS per SKU over the serving warehouses; every SKU in `skus` gets an entry (0 when none held). */
export function availableToSellBySku(levels: readonly WarehouseLevel[], serving: ReadonlySet<number>, skus: Iterable<string> = []): Map<string, number> {
  const ats = new Map<string, number>();
  for (const sku of skus) ats.set(sku, 0);
  for (const level of levels) {
    const held = ats.get(level.sku) ?? 0;
    ats.set(level.sku, serving.has(level.warehouseId) ? held + sellableAt(level) : held);
  }
  return ats;
}
