/**
 * Reads what routing needs for one order: the shop's active warehouses with their lanes and the
 * stock of the order's SKUs. With `lock` the inventory rows are locked (FOR UPDATE, in key order so
 * concurrent orders never deadlock) until the transaction that commits the decision ends: two orders
 * for the last units are decided one after the other, never both on the same stock. Routing first
 * decides unlocked and locks only what it chose (lockChosenStock), falling back to this when that fails.
 */
import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Transaction } from "../db/client.server";
import { hold } from "../db/queries/stock-ledger.server";
import { inventoryLevels, warehouseLanes, warehouses } from "../db/schema";
import type { CandidateWarehouse, RoutingDecision, WarehouseCapabilities } from "../domain/routing/types";

export async function loadCandidates(tx: Transaction, shopId: number, skus: readonly string[], opts: { lock?: boolean } = {}): Promise<CandidateWarehouse[]> {
  const whs = await tx.select().from(warehouses).where(and(eq(warehouses.shopId, shopId), eq(warehouses.active, true))).orderBy(warehouses.id);
  if (whs.length === 0) return [];
  const ids = whs.map((w) => w.id);
  const lanes = await tx.select().from(warehouseLanes).where(inArray(warehouseLanes.warehouseId, ids)).orderBy(warehouseLanes.id);
  const query = tx
    .select()
    .from(inventoryLevels)
    .where(and(inArray(inventoryLevels.warehouseId, ids), inArray(inventoryLevels.sku, [...skus])))
    .orderBy(inventoryLevels.warehouseId, inventoryLevels.sku);
  // Locked unless the caller only explains (what-if routing must not block real orders).
  const levels = skus.length ? await (opts.lock === false ? query : query.for("update")) : [];
  return whs.map((w) => {
    const stock: Record<string, number> = {};
    for (const l of levels) if (l.warehouseId === w.id) stock[l.sku] = Math.max(0, l.onHand - l.reserved - l.safetyBuffer);
    const caps = w.capabilities as Partial<WarehouseCapabilities>;
    return {
      id: String(w.id),
      code: w.code,
      name: w.name,
      countryCode: w.countryCode,
      kind: w.kind,
      priority: w.priority,
      capabilities: { lithium: Boolean(caps.lithium), ddp: Boolean(caps.ddp), prohibited: caps.prohibited ?? [] },
      handlingFee: w.handlingFee,
      feeCurrency: w.feeCurrency,
      cutoffTime: w.cutoffTime,
      timeZone: w.timeZone,
      dutiesPrepaid: w.dutiesPrepaid,
      stock,
      lanes: lanes
        .filter((l) => l.warehouseId === w.id)
        .map((l) => ({
          destinations: l.destinations,
          mode: l.mode,
          carrier: l.carrier,
          transitDaysMin: l.transitDaysMin,
          transitDaysMax: l.transitDaysMax,
          baseCost: l.baseCost,
          perKgCost: l.perKgCost,
          surcharges: l.surcharges,
          currency: l.currency,
          allowsLithium: l.allowsLithium,
          ddp: l.ddp,
        })),
    };
  });
}

/**
 * Locks the inventory rows a decision takes stock from (in key order, as loadCandidates does) and
 * answers whether each still has what the decision takes: the check an unlocked decision needs before
 * it may hold anything.
 */
export async function lockChosenStock(tx: Transaction, decision: RoutingDecision): Promise<boolean> {
  if (decision.status !== "routed") return false;
  const needed = new Map<string, { warehouseId: number; sku: string; quantity: number }>();
  for (const a of decision.allocations) {
    for (const line of a.lines) {
      const key = `${a.warehouseId}\0${line.sku}`;
      const n = needed.get(key) ?? { warehouseId: Number(a.warehouseId), sku: line.sku, quantity: 0 };
      n.quantity += line.quantity;
      needed.set(key, n);
    }
  }
  const wanted = [...needed.values()];
  const rows = await tx
    .select({ warehouseId: inventoryLevels.warehouseId, sku: inventoryLevels.sku, onHand: inventoryLevels.onHand, reserved: inventoryLevels.reserved, safetyBuffer: inventoryLevels.safetyBuffer })
    .from(inventoryLevels)
    .where(or(...wanted.map((n) => and(eq(inventoryLevels.warehouseId, n.warehouseId), eq(inventoryLevels.sku, n.sku)))))
    .orderBy(inventoryLevels.warehouseId, inventoryLevels.sku)
    .for("update");
  return wanted.every((n) => {
    const row = rows.find((r) => r.warehouseId === n.warehouseId && r.sku === n.sku);
    return row !== undefined && row.onHand - row.reserved - row.safetyBuffer >= n.quantity;
  });
}

/** Holds `quantity` more units; the table's CHECK (reserved <= on_hand) makes an oversell impossible. */
export async function holdStock(tx: Transaction, warehouseId: number, sku: string, quantity: number): Promise<void> {
  await tx
    .update(inventoryLevels)
    .set({ ...hold(quantity), updatedAt: sql`now()` })
    .where(and(eq(inventoryLevels.warehouseId, warehouseId), eq(inventoryLevels.sku, sku)));
}
