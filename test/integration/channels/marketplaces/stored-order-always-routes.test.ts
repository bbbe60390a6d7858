/**
 * Found by the chaos run (docs/RELIABILITY.md): an ingest that stored a marketplace order and then
 * failed to queue its routing (Redis down, worker killed) was retried, found the order "not newer"
 * and ignored it, so the order stayed `received` for ever. A redelivery must queue the routing of a
 * stored order that never routed.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orders } from "../../../../app/db/schema";
import { routeJobId } from "../../../../app/queues/keys";
import { QUEUE } from "../../../../app/queues/names";
import { PROCESSORS } from "../../../../app/queues/run-workers.server";
import { connectMarketplaces, inboxSettled, startMarketplaceWorld, until, type MarketplaceWorld } from "./harness";

let mw: MarketplaceWorld;
beforeAll(async () => {
  // Only ingest runs: routing jobs stay queued where the test can see them.
  mw = await startMarketplaceWorld({ processors: { [QUEUE.ingest]: PROCESSORS[QUEUE.ingest] } });
  await connectMarketplaces(mw, "always-routes.myshopify.com");
});
afterAll(async () => mw?.close());

describe("a stored marketplace order whose routing job was lost", () => {
  it("is queued for routing again when the platform redelivers its notification", async () => {
    // GIVEN a TikTok order stored by a first delivery, whose routing job then vanished (Redis lost it)
    const product = mw.tts.state.addProduct(mw.ttsShop.id, [{ sellerSku: "LOST-ROUTE", warehouses: { "7100000000000000001": 5 } }]);
    const placed = mw.tts.state.addOrder(mw.ttsShop.id, [{ skuId: product.skus[0]!.id, sellerSku: "LOST-ROUTE", productId: product.id }]);
    expect(await mw.tts.sendWebhook(`${mw.web.url}/webhooks/tiktok`, { type: 1, shopId: mw.ttsShop.id, data: { order_id: placed.id } })).toEqual([200]);
    const order = await until("order stored", async () => (await mw.world.db.select().from(orders).where(and(eq(orders.channel, "tiktok"), eq(orders.externalId, placed.id))))[0]);
    const routeQueue = mw.pool.queues.get(QUEUE.routeOrder);
    const jobId = routeJobId(order.id, order.revision);
    await until("first routing job queued", async () => Boolean(await routeQueue.getJob(jobId)));
    await (await routeQueue.getJob(jobId))!.remove();
    expect(order.stage).toBe("received");

    // WHEN TikTok notifies again about the unchanged order (a new notification id)
    expect(await mw.tts.sendWebhook(`${mw.web.url}/webhooks/tiktok`, { type: 1, shopId: mw.ttsShop.id, data: { order_id: placed.id } })).toEqual([200]);
    await inboxSettled(mw);

    // THEN its routing is queued again, under the same named job
    expect(await routeQueue.getJob(jobId)).toBeTruthy();
  });
});
