/**
 * The orders list's reads at the shape the indexes serve (bench orders-page measures their speed):
 * search by part of a name or by exact external id, filter choices read by skipping through the
 * destination index, newest first across keyset pages — each scoped to the shop.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listOrders, orderFilterOptions } from "../../../app/db/queries/orders.server";
import { orders, shops } from "../../../app/db/schema";
import type { CanonicalOrder } from "../../../app/domain/order";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";

let world: IsolatedWorld;
let shopA: number;
let shopB: number;

async function addOrder(shopId: number, channel: "shopify" | "etsy" | "tiktok", externalId: string, name: string, destinationCountry: string, placedAt: Date) {
  await world.db.insert(orders).values({ shopId, channel, externalId, name, destinationCountry, placedAt, channelUpdatedAt: placedAt, currency: "USD", canonical: { externalId } as unknown as CanonicalOrder });
}

beforeAll(async () => {
  world = await isolatedWorld();
  const made = await world.db.insert(shops).values([{ domain: "list-a.myshopify.com" }, { domain: "list-b.myshopify.com" }]).returning();
  [shopA, shopB] = [made[0]!.id, made[1]!.id];
  // GIVEN shop A with 120 orders to JP, US and GB (one per minute), and shop B with orders to NZ
  const t0 = Date.UTC(2026, 10, 1);
  for (let i = 0; i < 120; i++) {
    await addOrder(shopA, (["shopify", "etsy", "tiktok"] as const)[i % 3]!, `${9_007_199_254_740_993n + BigInt(i)}`, `#VN-${1000 + i}`, ["JP", "US", "GB"][i % 3]!, new Date(t0 + i * 60_000));
  }
  await addOrder(shopB, "shopify", "9007199254740993", "#VN-1042", "NZ", new Date(t0));
  await addOrder(shopB, "etsy", "555", "#B-1", "NZ", new Date(t0));
});

afterAll(async () => {
  await world?.cleanup();
});

describe("the orders list", () => {
  it("finds an order by any part of its name, and only the shop's own", async () => {
    // WHEN shop A searches "1042" THEN it gets #VN-1042 of its own, not shop B's
    const { rows } = await listOrders(world.db, shopA, { search: "1042" });
    expect(rows.map((r) => r.name)).toEqual(["#VN-1042"]);
  });

  it("finds an order by its exact external id on any channel", async () => {
    // WHEN shop A searches an etsy order's external id (i = 43 → etsy)
    const { rows } = await listOrders(world.db, shopA, { search: `${9_007_199_254_740_993n + 43n}` });
    expect(rows.map((r) => [r.name, r.channel])).toEqual([["#VN-1043", "etsy"]]);
  });

  it("offers the shop's destinations once each, sorted, without other shops'", async () => {
    const { countries } = await orderFilterOptions(world.db, shopA);
    expect(countries).toEqual(["GB", "JP", "US"]);
    expect((await orderFilterOptions(world.db, shopB)).countries).toEqual(["NZ"]);
  });

  it("pages newest first with no order lost or repeated", async () => {
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await listOrders(world.db, shopA, { after });
      seen.push(...page.rows.map((r) => r.name));
      after = page.nextCursor;
    } while (after);
    // 120 orders over three pages of 50
    const expected = Array.from({ length: 120 }, (_, k) => `#VN-${1119 - k}`);
    expect(seen).toEqual(expected);
  });
});
