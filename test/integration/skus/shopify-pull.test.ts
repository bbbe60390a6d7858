/**
 * Pulling customs data from Shopify's inventory items (the Shopify sandbox, the real 2026-10 schema):
 * empty fields are filled, merchant edits stay, an EU member state's code becomes the EU code, a
 * code that breaks the rules is skipped with its reason, pages past 25 items are followed, and a
 * second pull changes nothing. Runs through `corridor skus pull-shopify` as operators do.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS, type CliContext } from "../../../app/cli/commands";
import { sessionTable, skus } from "../../../app/db/schema";
import { SecretBox } from "../../../app/lib/secret-box.server";
import { sealSessionToken } from "../../../app/shops/sealed-session-storage.server";
import type { PullSummary } from "../../../app/skus/pull-shopify-customs.server";
import { TEST_API_KEY, TEST_API_SECRET, TEST_ENCRYPTION_KEYS } from "../../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { seedShop } from "../../helpers/seed";
import { startShopifySandbox, type ShopifySandbox } from "../../sandboxes/shopify";

const DOMAIN = "pull-customs.myshopify.com";
let world: IsolatedWorld;
let sandbox: ShopifySandbox;
let shopId: number;
let otherShopId: number;

async function pull(domain = DOMAIN): Promise<PullSummary> {
  const printed: unknown[] = [];
  const ctx: CliContext = {
    databaseUrl: world.databaseUrl, db: () => world, queues: () => { throw new Error("no queues needed"); },
    out: { json: true, print: (data) => void printed.push(data) }, args: [], flags: { shop: domain, "admin-origin": sandbox.url },
    encryptionKeys: TEST_ENCRYPTION_KEYS,
  };
  await COMMANDS["skus pull-shopify"]!.run(ctx);
  return printed[0] as PullSummary;
}

const rowOf = async (shop: number, sku: string) => (await world.db.select().from(skus).where(and(eq(skus.shopId, shop), eq(skus.sku, sku))))[0];

beforeAll(async () => {
  world = await isolatedWorld();
  sandbox = await startShopifySandbox({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, plan: "standard" });
  const shop = sandbox.addShop(DOMAIN, { accessToken: "shpat_pull" });
  shopId = (await seedShop(world.db, DOMAIN)).id;
  otherShopId = (await seedShop(world.db, "someone-else.myshopify.com")).id;
  await world.db.insert(sessionTable).values({ id: `offline_${DOMAIN}`, shop: DOMAIN, state: "custom-app", isOnline: false, accessToken: sealSessionToken(SecretBox.fromSpec(TEST_ENCRYPTION_KEYS), "shpat_pull") });
  const m = sandbox.merchant;
  m.ensureItem(shop, { sku: "TEE-M", hsCode: "6109.10", countryOfOrigin: "VN", weightGrams: 180, countryHsCodes: [{ countryCode: "US", harmonizedSystemCode: "6109100012" }, { countryCode: "FR", harmonizedSystemCode: "61091000" }] });
  m.ensureItem(shop, { sku: "MUG", hsCode: "691200", countryOfOrigin: "VN", countryHsCodes: [{ countryCode: "US", harmonizedSystemCode: "69120010" }] });
  m.ensureItem(shop, { sku: "SPEAKER", hsCode: "851829", countryOfOrigin: "CN", weightGrams: 400, countryHsCodes: [{ countryCode: "US", harmonizedSystemCode: "8518290000" }, { countryCode: "JP", harmonizedSystemCode: "851829000" }] });
  m.ensureItem(shop, { sku: "", hsCode: "420222" });
  for (let i = 0; i < 28; i++) m.ensureItem(shop, { sku: `FILL-${String(i).padStart(2, "0")}`, hsCode: "420222", countryOfOrigin: "VN" });
  // GIVEN the merchant already typed SPEAKER's HS code and origin in Corridor, and another shop has a TEE-M
  await world.db.insert(skus).values({ shopId, sku: "SPEAKER", hsCode: "851822", countryOfOrigin: "TH", customsDescription: "Portable bluetooth speaker" });
  await world.db.insert(skus).values({ shopId: otherShopId, sku: "TEE-M" });
});

afterAll(async () => {
  await sandbox?.close();
  await world?.cleanup();
});

describe("corridor skus pull-shopify", () => {
  it("fills empty customs fields from Shopify, across pages, without overwriting the merchant's edits", async () => {
    const summary = await pull();
    // 32 items: 2 new named SKUs + 28 fillers created, SPEAKER completed, 1 item without a SKU ignored.
    expect(summary).toMatchObject({ items: 32, created: 30, filled: 1, unchanged: 0, ignored: 1 });
    expect(await rowOf(shopId, "TEE-M")).toMatchObject({
      hsCode: "610910", hsCodesByCountry: { US: "6109100012", EU: "61091000" }, countryOfOrigin: "VN", weightGrams: 180,
      channelRefs: { shopify: { inventoryItemId: expect.stringMatching(/^gid:\/\/shopify\/InventoryItem\/\d+$/) } },
    });
    // THEN the merchant's HS code and origin stay; Shopify only adds the missing weight and the JP code…
    const speaker = await rowOf(shopId, "SPEAKER");
    expect(speaker).toMatchObject({ hsCode: "851822", countryOfOrigin: "TH", weightGrams: 400, customsDescription: "Portable bluetooth speaker", hsCodesByCountry: {} });
    // …except where it contradicts them: Shopify's US and JP codes extend 851829, not the merchant's 851822.
    expect(summary.skipped).toEqual([
      { sku: "MUG", errors: [{ field: "hs_us", key: "skus.error.hsNationalLength", vars: { country: "US", digits: "10" } }] },
      {
        sku: "SPEAKER",
        errors: [
          { field: "hs_us", key: "skus.error.hsNationalPrefix", vars: { country: "US", digits: "10", hsCode: "851822" } },
          { field: "hs_jp", key: "skus.error.hsNationalPrefix", vars: { country: "JP", digits: "9", hsCode: "851822" } },
        ],
      },
    ]);
    expect(await rowOf(shopId, "MUG")).toMatchObject({ hsCode: "691200", hsCodesByCountry: {} });
    expect(await rowOf(shopId, "FILL-27")).toMatchObject({ hsCode: "420222", countryOfOrigin: "VN" });
    // Another shop's TEE-M is untouched.
    expect(await rowOf(otherShopId, "TEE-M")).toMatchObject({ hsCode: null, channelRefs: {} });
  });

  it("a second pull finds nothing empty to fill and leaves every row as it was", async () => {
    const before = await world.db.select().from(skus).where(eq(skus.shopId, shopId)).orderBy(skus.sku);
    const summary = await pull();
    expect(summary).toMatchObject({ items: 32, created: 0, filled: 0, unchanged: 31 });
    expect(await world.db.select().from(skus).where(eq(skus.shopId, shopId)).orderBy(skus.sku)).toEqual(before);
  });

  it("a shop without an offline token is refused with the reason", async () => {
    await expect(pull("someone-else.myshopify.com")).rejects.toThrow(/no offline access token/);
  });
});
