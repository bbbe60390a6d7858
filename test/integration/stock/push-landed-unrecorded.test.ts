/**
 * Chaos finding 9: a stock push that reached the storefront but whose record did not (the call
 * timed out after TikTok applied it; in the chaos run, Postgres restarted between the call and the
 * record). The storefront then holds the new quantity while storefront_stock still holds the old
 * one; when ATS returns to that old value (a cancellation releases the unit), the next push must
 * still send it instead of taking it as "already there". Real TikTok and Shopify sandboxes, real
 * Postgres; only the answer of one call is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StockLevel } from "../../../app/channels/channel";
import { PartnerError } from "../../../app/lib/errors";
import { createQueues, type Queues } from "../../../app/queues/queues.server";
import { runStockPush } from "../../../app/stock/process-push-stock.server";
import { pushStock } from "../../../app/stock/push-stock.server";
import { stockPusherFor } from "../../../app/stock/stock-channel.server";
import { loadStockTarget } from "../../../app/stock/stock-connection.server";
import { marketplaceEnv, testConfig, TEST_API_KEY, TEST_API_SECRET } from "../../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { startEtsySandbox, type EtsySandbox } from "../../sandboxes/etsy";
import { startShopifySandbox, type ShopifySandbox } from "../../sandboxes/shopify";
import { startTiktokSandbox, type TiktokSandbox } from "../../sandboxes/tiktok";
import { seedMultiChannelShop } from "./multi-channel-world";
import { expectedAts, skuName, stockContext, writeStock } from "./stock-world";

let world: IsolatedWorld;
let shopify: ShopifySandbox;
let etsy: EtsySandbox;
let tts: TiktokSandbox;
let queues: Queues;

beforeAll(async () => {
  world = await isolatedWorld();
  shopify = await startShopifySandbox({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, plan: "standard" });
  etsy = await startEtsySandbox();
  tts = await startTiktokSandbox();
  queues = createQueues(world.redisUrl, world.queuePrefix);
});

afterAll(async () => {
  await queues.close();
  await tts.close();
  await etsy.close();
  await shopify.close();
  await world.cleanup();
});

describe("a stock push that landed but was never recorded", () => {
  it("GIVEN TikTok got a push whose answer was lost, WHEN ATS returns to the last recorded quantity, THEN the next push still sends it", async () => {
    const config = testConfig(world, { SHOPIFY_ADMIN_API_ORIGIN: shopify.url, ...marketplaceEnv({ etsy, tiktok: tts }) });
    const ctx = stockContext(world.db, config, queues);
    const shop = await seedMultiChannelShop(world.db, config, { shopify, etsy, tts }, { domain: "landed.myshopify.com", etsyShopId: 5301, skuCount: 2 });
    const sku = skuName(0);
    const onHand = (i: number, w: number) => (w === 0 ? 10 + i : 0);
    // GIVEN TikTok holds ATS for every SKU, recorded
    await writeStock(world.db, shop, 0, 2, onHand);
    await runStockPush(ctx, shop.ttsConnectionId, { scope: "changes" });
    const recorded = (await expectedAts(world.db, shop)).get(sku)!;
    expect(shop.tiktokLevels().get(sku)).toBe(recorded);

    // AND an order reserves a unit, whose push TikTok applies but whose answer never comes back
    await writeStock(world.db, shop, 0, 2, onHand, (i) => (i === 0 ? 1 : 0));
    const found = await loadStockTarget(world.db, shop.ttsConnectionId);
    if (!found.ok) throw new Error(found.reason);
    const realPush = await stockPusherFor(ctx, found.target);
    const lostAnswer = async (levels: readonly StockLevel[]) => {
      await realPush(levels, {});
      throw new PartnerError("TIKTOK_NETWORK", "timed out after TikTok applied the update", { retryable: true });
    };
    await expect(pushStock({ db: world.db, logger: ctx.logger, now: () => new Date(), push: lostAnswer }, found.target, { scope: "changes" })).rejects.toThrow(/timed out/);
    expect(shop.tiktokLevels().get(sku)).toBe(recorded - 1);

    // WHEN the order is cancelled (ATS back to the recorded quantity) and the changes are pushed
    await writeStock(world.db, shop, 0, 2, onHand);
    await runStockPush(ctx, shop.ttsConnectionId, { scope: "changes" });

    // THEN TikTok shows ATS again, not the quantity of the lost answer
    expect(shop.tiktokLevels().get(sku)).toBe(recorded);
  });
});
