/** Small, explicit seeds for integration tests (the demo uses the documented import file instead). */
import type { Database } from "../../app/db/client.server";
import { inventoryLevels, shops, warehouseLanes, warehouses } from "../../app/db/schema";
import type { CanonicalOrder } from "../../app/domain/order";
import { upsertOrder } from "../../app/orders/upsert-order.server";

export async function seedShop(db: Database, domain: string, settings: Record<string, unknown> = {}) {
  const [shop] = await db.insert(shops).values({ domain, settings }).returning();
  return shop!;
}

export async function seedWarehouse(
  db: Database,
  shopId: number,
  w: { code: string; country: string; kind?: "origin" | "overseas"; stock: Record<string, number>; destinations: string[]; baseCost?: number; transitDays?: number; connectorConfig?: Record<string, unknown> },
) {
  const [row] = await db
    .insert(warehouses)
    .values({ shopId, code: w.code, name: `Warehouse ${w.code}`, connector: "sandbox", connectorConfig: w.connectorConfig ?? {}, countryCode: w.country, kind: w.kind ?? "overseas", timeZone: "UTC", cutoffTime: "23:59" })
    .returning();
  await db.insert(warehouseLanes).values({
    warehouseId: row!.id,
    destinations: w.destinations,
    mode: "ground",
    carrier: "USPS",
    transitDaysMin: 1,
    transitDaysMax: w.transitDays ?? 3,
    baseCost: w.baseCost ?? 500,
    perKgCost: 100,
    currency: "USD",
  });
  for (const [sku, onHand] of Object.entries(w.stock)) await db.insert(inventoryLevels).values({ warehouseId: row!.id, sku, onHand });
  return row!;
}

let orderSeq = 0;
export function canonicalOrder(shopDomain: string, lines: { sku: string; quantity: number }[], over: Partial<CanonicalOrder> = {}): CanonicalOrder {
  orderSeq += 1;
  const id = `${Date.now()}${orderSeq}`;
  return {
    channel: "shopify",
    shopDomain,
    externalId: id,
    name: `#T${orderSeq}`,
    updatedAt: "2026-11-24T08:00:00.000Z",
    placedAt: "2026-11-24T08:00:00.000Z",
    currency: "USD",
    lines: lines.map((l, i) => ({ externalLineId: `gid://shopify/LineItem/${id}${i}`, sku: l.sku, quantity: l.quantity, unitPrice: 2500, currency: "USD", weightGrams: 300 })),
    shipTo: { countryCode: "US", city: "San Jose" },
    ...over,
  };
}

export async function seedOrder(db: Database, order: CanonicalOrder) {
  const outcome = await upsertOrder(db, order, "test");
  return { orderId: outcome.orderId, revision: outcome.revision };
}
