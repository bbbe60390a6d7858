import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS, type CliContext } from "../../../app/cli/commands";
import { allocationLines, allocations, orderLines } from "../../../app/db/schema";
import { createQueues, type Queues } from "../../../app/queues/queues.server";
import { lowStockForShop } from "../../../app/stock/low-stock.server";
import { progressBar } from "../../../app/stock/stock-sync-cli.server";
import { startShopifySandbox, type ShopifySandbox } from "../../sandboxes/shopify";
import { TEST_API_KEY, TEST_API_SECRET, TEST_ENCRYPTION_KEYS } from "../../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { canonicalOrder, seedOrder } from "../../helpers/seed";
import { mismatches, seedStockShop, skuName, writeStock } from "./stock-world";

let world: IsolatedWorld;
let sandbox: ShopifySandbox;
let queues: Queues;

beforeAll(async () => {
  world = await isolatedWorld();
  sandbox = await startShopifySandbox({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, plan: "standard" });
  queues = createQueues(world.redisUrl, world.queuePrefix);
});

afterAll(async () => {
  await queues.close();
  await sandbox.close();
  await world.cleanup();
});

function cli(args: string[], flags: CliContext["flags"]): { ctx: CliContext; printed: unknown[] } {
  const printed: unknown[] = [];
  return {
    printed,
    ctx: { databaseUrl: world.databaseUrl, db: () => world, queues: () => queues, out: { json: true, print: (data) => void printed.push(data) }, args, flags, encryptionKeys: TEST_ENCRYPTION_KEYS },
  };
}

describe("corridor stock", () => {
  it("stock sync pushes every SKU the storefront lacks and reports what it pushed", async () => {
    // GIVEN a storefront that never got Corridor's stock (all zero at its location)
    const shop = await seedStockShop(world.db, sandbox, { domain: "cli.myshopify.com", skuCount: 40 });
    await writeStock(world.db, shop, 0, 40, (i) => i % 4 + 2);
    // WHEN `corridor stock sync --shop cli.myshopify.com --admin-origin <sandbox>` runs 
    const run = cli([], { shop: "cli.myshopify.com", "admin-origin": sandbox.url, json: true });
    await COMMANDS["stock sync"]!.run(run.ctx);
    // THEN every SKU equals ATS and the output names the push and the measured health
    expect(await mismatches(world.db, shop)).toEqual([]);
    const out = run.printed[0] as { runs: Array<{ result: { status: string; summary: { pushed: number } } }>; health: Array<{ pushes: number }> };
    expect(out.runs[0]!.result.summary.pushed).toBe(40);
    expect(out.health[0]!.pushes).toBe(1);
  });

  it("stock sync --read-back finds levels another app changed on Shopify and sets them back to ATS", async () => {
    // GIVEN a synced storefront, then SKU 9 set to 0 in Shopify by someone else
    const shop = await seedStockShop(world.db, sandbox, { domain: "drift.myshopify.com", skuCount: 12 });
    await writeStock(world.db, shop, 0, 12, () => 3);
    await COMMANDS["stock sync"]!.run(cli([], { shop: "drift.myshopify.com", "admin-origin": sandbox.url }).ctx);
    shop.items.get(skuName(9))!.levels.values().next().value!.quantities.available = 0;
    // WHEN a plain sync runs, THEN it cannot see the drift (it compares with what Corridor pushed)
    await COMMANDS["stock sync"]!.run(cli([], { shop: "drift.myshopify.com", "admin-origin": sandbox.url }).ctx);
    expect(await mismatches(world.db, shop)).toEqual([skuName(9)]);
    // WHEN it runs with --read-back
    const run = cli([], { shop: "drift.myshopify.com", "admin-origin": sandbox.url, "read-back": true });
    await COMMANDS["stock sync"]!.run(run.ctx);
    // THEN it reports SKU 9 as drifted and fixes it
    const out = run.printed[0] as { runs: Array<{ result: { summary: { drifted: string[]; pushed: number } } }> };
    expect(out.runs[0]!.result.summary).toMatchObject({ drifted: [skuName(9)], pushed: 1 });
    expect(await mismatches(world.db, shop)).toEqual([]);
  });

  it("stock show lists a SKU's warehouses, storefront quantity and whether it is in sync", async () => {
    const run = cli([skuName(3)], { shop: "cli.myshopify.com", json: true });
    await COMMANDS["stock show"]!.run(run.ctx);
    const [view] = run.printed[0] as Array<{ warehouses: Array<{ code: string; sellable: number }>; storefronts: Array<{ availableToSell: number; lastPushedQuantity: number; inSync: boolean }> }>;
    // SKU 3: on hand 5 at each of the three warehouses, buffer 1 at the origin
    expect(view!.warehouses.map((w) => [w.code, w.sellable])).toEqual([["GB-LON", 5], ["US-RNO", 5], ["VN-HCM", 4]]);
    expect(view!.storefronts[0]).toMatchObject({ availableToSell: 14, lastPushedQuantity: 14, inSync: true });
  });

  it("flags a SKU whose sales over 14 days leave under a week of cover at a warehouse", async () => {
    // GIVEN SKU 1 (6 on hand at US-RNO, 30 elsewhere) sold 14 units from US-RNO in the last 14 days: 1 a day
    const shop = await seedStockShop(world.db, sandbox, { domain: "cover.myshopify.com", skuCount: 2 });
    await writeStock(world.db, shop, 0, 2, (i, w) => (i === 1 && w === 1 ? 6 : 30));
    const { orderId } = await seedOrder(world.db, canonicalOrder(shop.domain, [{ sku: skuName(1), quantity: 14 }]));
    const [line] = await world.db.select().from(orderLines).where(eq(orderLines.orderId, orderId));
    const [alloc] = await world.db.insert(allocations).values({ orderId, warehouseId: shop.warehouseIds[1]!, clientReference: `CR-cover-${orderId}`, status: "shipped", mode: "ground", expectedCost: 500, costCurrency: "USD" }).returning();
    await world.db.insert(allocationLines).values({ allocationId: alloc!.id, orderLineId: line!.id, sku: skuName(1), quantity: 14 });
    // WHEN the low-stock query runs
    const alerts = await lowStockForShop(world.db, { shopId: shop.shopId, now: new Date() });
    // THEN only SKU 1 at US-RNO is flagged, with 6 days of cover
    expect(alerts.map((a) => [a.sku, a.warehouseCode, a.daysOfCover, a.reasons])).toEqual([[skuName(1), "US-RNO", 6, ["below_days_of_cover"]]]);
  });

  it("draws the progress bar in proportion", () => {
    expect(progressBar(250, 1000, "a.myshopify.com", 8)).toBe("[##......]  250/1000 rows  a.myshopify.com");
  });
});
