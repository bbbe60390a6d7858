import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { violatedConstraint } from "../../../app/db/pg-errors";
import { inventoryLevels, shops, warehouses } from "../../../app/db/schema";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";

let world: IsolatedWorld;
beforeAll(async () => {
  world = await isolatedWorld();
});
afterAll(async () => world?.cleanup());

describe("inventory levels", () => {
  it("refuses to reserve more than is on hand, so a bug can never oversell silently", async () => {
    // GIVEN a warehouse with 3 units of a SKU
    const [shop] = await world.db.insert(shops).values({ domain: "constraints.myshopify.com" }).returning();
    const [wh] = await world.db
      .insert(warehouses)
      .values({ shopId: shop!.id, code: "VN-HCM", name: "Ho Chi Minh City", connector: "sandbox", countryCode: "VN", kind: "origin" })
      .returning();
    await world.db.insert(inventoryLevels).values({ warehouseId: wh!.id, sku: "TEE-RED-M", onHand: 3 });
    // WHEN we reserve 3, THEN it holds; WHEN we reserve a 4th, THEN Postgres refuses
    await world.db.update(inventoryLevels).set({ reserved: sql`${inventoryLevels.reserved} + 3` }).where(eq(inventoryLevels.sku, "TEE-RED-M"));
    const overReserve = await world.db
      .update(inventoryLevels)
      .set({ reserved: sql`${inventoryLevels.reserved} + 1` })
      .where(eq(inventoryLevels.sku, "TEE-RED-M"))
      .then(() => undefined, (error: unknown) => error);
    expect(violatedConstraint(overReserve)).toBe("inventory_levels_no_oversell");
    const [level] = await world.db.select().from(inventoryLevels);
    expect(level).toMatchObject({ onHand: 3, reserved: 3 });
  });
});
