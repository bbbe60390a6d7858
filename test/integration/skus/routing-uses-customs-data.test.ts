/**
 * What the merchant saves on the Products page is what routing screens: a Li-ion SKU packed with
 * its device, over 2.7 Wh, cannot fly without a recorded state of charge (IATA, from 2026-01-01);
 * once the form records 30 %, the same order routes by air.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skus, warehouseLanes, warehouses } from "../../../app/db/schema";
import { explainRoute } from "../../../app/routing/explain-route.server";
import { saveSkuCustoms } from "../../../app/skus/sku-customs.server";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { canonicalOrder, seedShop, seedWarehouse } from "../../helpers/seed";

const DOMAIN = "routing-customs.myshopify.com";
let world: IsolatedWorld;
let shopId: number;
let skuId: number;

/** The edit form as the browser sends it for the speaker, with `over` changed. */
const form = (over: Record<string, string>) => ({
  hs_code: "851822", hs_us: "8518220000", country_of_origin: "VN", customs_description: "Portable bluetooth speaker", unit_value: "25.00", currency: "USD",
  weight_grams: "420", lithium: "ion_with_equipment", watt_hours: "12", watt_hours_per_cell: "", state_of_charge_pct: "", other_dg_classes: "", ...over,
});

beforeAll(async () => {
  world = await isolatedWorld();
  shopId = (await seedShop(world.db, DOMAIN)).id;
  const vn = await seedWarehouse(world.db, shopId, { code: "VN-HCM", country: "VN", kind: "origin", stock: { SPEAKER: 10 }, destinations: ["US"] });
  // A warehouse that ships lithium, by an express lane approved for it (Section II).
  await world.db.update(warehouses).set({ capabilities: { lithium: true, ddp: false } }).where(eq(warehouses.id, vn.id));
  await world.db.update(warehouseLanes).set({ mode: "express", carrier: "DHL Express", allowsLithium: true }).where(eq(warehouseLanes.warehouseId, vn.id));
  const [row] = await world.db.insert(skus).values({ shopId, sku: "SPEAKER" }).returning({ id: skus.id });
  skuId = row!.id;
});
afterAll(async () => world?.cleanup());

describe("routing reads the customs data saved on the Products page", () => {
  it("blocks the air lane until the state of charge is recorded, then routes", async () => {
    const order = canonicalOrder(DOMAIN, [{ sku: "SPEAKER", quantity: 1 }]);
    const now = new Date("2026-11-24T09:00:00Z");
    // GIVEN the merchant saved the speaker without its state of charge
    expect(await saveSkuCustoms(world.db, shopId, skuId, form({}))).toEqual({ ok: true });
    const blocked = await explainRoute(world.db, order, { now });
    expect(blocked.status).toBe("unroutable");
    expect(JSON.stringify(blocked)).toMatch(/30% charge or less/);
    // WHEN the form records 30 % THEN the same order ships from Vietnam by air
    expect(await saveSkuCustoms(world.db, shopId, skuId, form({ state_of_charge_pct: "30" }))).toEqual({ ok: true });
    const routed = await explainRoute(world.db, order, { now });
    expect(routed.status).toBe("routed");
  });
});
