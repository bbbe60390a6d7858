/**
 * POST /webhooks/etsy and /webhooks/tiktok through the app's own web server: a delivery whose
 * signature is wrong, stale, or lifted from another delivery is answered 401 and leaves no trace;
 * a correctly signed pointer to somewhere other than Etsy's API is stored but never fetched.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { marketplaceIntakeRoutes } from "../../../../app/channels/registry.server";
import { orders, webhookInbox } from "../../../../app/db/schema";
import { QUEUE } from "../../../../app/queues/names";
import { PROCESSORS } from "../../../../app/queues/run-workers.server";
import { testConfig } from "../../../helpers/config";
import { connectMarketplaces, ETSY_SHOP_ID, inboxSettled, startMarketplaceWorld, until, type MarketplaceWorld } from "./harness";

let mw: MarketplaceWorld;
let etsyUrl: string;
let ttsUrl: string;
const nowS = () => Math.floor(Date.now() / 1000);
const post = (url: string, d: { headers: Record<string, string>; body: string }) => fetch(url, { method: "POST", headers: d.headers, body: d.body }).then((r) => r.status);
const inboxRows = () => mw.world.db.select().from(webhookInbox);

beforeAll(async () => {
  mw = await startMarketplaceWorld({ processors: { [QUEUE.ingest]: PROCESSORS[QUEUE.ingest] } });
  await connectMarketplaces(mw, "guarded.myshopify.com");
  etsyUrl = `${mw.web.url}/webhooks/etsy`;
  ttsUrl = `${mw.web.url}/webhooks/tiktok`;
});
afterAll(async () => mw?.close());

describe("Etsy order.paid signatures (Standard Webhooks)", () => {
  it("refuses a wrong secret, a stale or future timestamp, a signature lifted onto another body and missing headers, storing nothing", async () => {
    // GIVEN deliveries of a real receipt that Etsy did not sign as sent
    const receipt = mw.etsy.state.addReceipt(ETSY_SHOP_ID, [{ sku: "TEE-S", quantity: 1 }]);
    const other = mw.etsy.state.addReceipt(ETSY_SHOP_ID, [{ sku: "TEE-M", quantity: 1 }]);
    const ref = { shopId: ETSY_SHOP_ID, receiptId: receipt.receipt_id };
    const forged = mw.etsy.buildOrderPaid(ref, { secret: `whsec_${Buffer.from("not-etsys-signing-key-0123456789").toString("base64")}` });
    const stale = mw.etsy.buildOrderPaid(ref, { timestamp: nowS() - 6 * 60 });
    const future = mw.etsy.buildOrderPaid(ref, { timestamp: nowS() + 6 * 60 });
    const genuine = mw.etsy.buildOrderPaid({ shopId: ETSY_SHOP_ID, receiptId: other.receipt_id });
    const lifted = { headers: genuine.headers, body: mw.etsy.buildOrderPaid(ref).body };
    const liftedId = { headers: { ...genuine.headers, "webhook-id": "msg_replayed_under_new_id" }, body: genuine.body };
    const unsigned = { headers: { "content-type": "application/json", "webhook-id": "msg_unsigned" }, body: genuine.body };

    // WHEN each is posted
    const statuses = [];
    for (const d of [forged, stale, future, lifted, liftedId, unsigned]) statuses.push(await post(etsyUrl, d));

    // THEN every one is 401 and nothing is stored or fetched
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    expect(await inboxRows()).toEqual([]);
    expect(await mw.world.db.select().from(orders)).toEqual([]);
    expect(mw.etsy.state.records.requests.filter((r) => r.path.includes("/receipts/"))).toEqual([]);
  });

  it("stores a signed delivery pointing off Etsy's API, refuses to fetch it and makes it an exception", async () => {
    // GIVEN a correctly signed order.paid whose resource_url names another host
    let hits = 0;
    const { createServer } = await import("node:http");
    const elsewhere = createServer((_req, res) => {
      hits += 1;
      res.end("{}");
    });
    await new Promise<void>((r) => elsewhere.listen(0, "127.0.0.1", r));
    const port = (elsewhere.address() as { port: number }).port;
    try {
      const d = mw.etsy.buildOrderPaid({ shopId: ETSY_SHOP_ID, receiptId: 1 }, { resourceUrl: `http://127.0.0.1:${port}/v3/application/shops/${ETSY_SHOP_ID}/receipts/1` });
      // WHEN delivered
      expect(await post(etsyUrl, d)).toBe(200);
      // THEN the row is failed with the reason, no order exists, and the other host was never called
      const row = await until("handled", async () => (await mw.world.db.select().from(webhookInbox).where(eq(webhookInbox.deliveryId, d.headers["webhook-id"]!)))[0]?.status === "failed");
      expect(row).toBe(true);
      const [stored] = await mw.world.db.select().from(webhookInbox).where(eq(webhookInbox.deliveryId, d.headers["webhook-id"]!));
      expect(stored!.error).toMatch(/ETSY_RESOURCE_URL_OFF_HOST/);
      expect(await mw.world.db.select().from(orders)).toEqual([]);
      expect(hits).toBe(0);
    } finally {
      await new Promise<void>((r) => elsewhere.close(() => r()));
      await mw.world.db.delete(webhookInbox);
    }
  });
});

describe("TikTok Shop push signatures", () => {
  it("refuses a wrong secret, a day-old replay, a signature over another body and a missing Authorization, storing nothing", async () => {
    // GIVEN pushes about a real order that TikTok did not sign as sent
    const ttsOrder = mw.tts.state.addOrder(mw.ttsShop.id, [{ skuId: "1729", sellerSku: "TEE-S" }]);
    const event = { type: 1, shopId: mw.ttsShop.id, data: { order_id: ttsOrder.id } };
    const forged = mw.tts.buildWebhook(event, { secret: "not-the-app-secret" });
    const replayed = mw.tts.buildWebhook({ ...event, timestamp: nowS() - 2 * 86_400 });
    const genuine = mw.tts.buildWebhook(event);
    const lifted = { headers: genuine.headers, body: genuine.body.replace(ttsOrder.id, "7300000000000000001") };
    const unsigned = { headers: { "content-type": "application/json" }, body: genuine.body };

    // WHEN each is posted
    const statuses = [];
    for (const d of [forged, replayed, lifted, unsigned]) statuses.push(await post(ttsUrl, d));

    // THEN every one is 401 and nothing is stored or fetched
    expect(statuses).toEqual([401, 401, 401, 401]);
    expect(await inboxRows()).toEqual([]);
    expect(await mw.world.db.select().from(orders)).toEqual([]);
    expect(mw.tts.state.records.requests.filter((r) => r.path.startsWith("/order/"))).toEqual([]);

    // AND the genuine push itself is accepted (the refusals were about the signatures)
    expect(await post(ttsUrl, genuine)).toBe(200);
    await inboxSettled(mw);
    expect((await inboxRows()).map((r) => [r.channel, r.status])).toEqual([["tiktok", "processed"]]);
  });
});

describe("mounting", () => {
  it("mounts a marketplace's intake path only when its credentials are configured", () => {
    const base = { databaseUrl: "postgres://u@127.0.0.1/x", redisUrl: "redis://127.0.0.1:6379", queuePrefix: "p" };
    expect([...marketplaceIntakeRoutes(testConfig(base)).keys()]).toEqual([]);
    // Etsy without its webhook secret is polled only: no path that could never verify.
    expect([...marketplaceIntakeRoutes(testConfig(base, { ETSY_KEYSTRING: "k", ETSY_SHARED_SECRET: "s" })).keys()]).toEqual([]);
    expect([...marketplaceIntakeRoutes(testConfig(base, { ETSY_KEYSTRING: "k", ETSY_SHARED_SECRET: "s", ETSY_WEBHOOK_SECRET: "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=", TIKTOK_APP_KEY: "a", TIKTOK_APP_SECRET: "b" })).keys()]).toEqual([
      "/webhooks/etsy",
      "/webhooks/tiktok",
    ]);
  });
});
