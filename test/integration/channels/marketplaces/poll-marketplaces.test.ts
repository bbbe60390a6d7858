/**
 * The poll-marketplaces maintenance task against the Etsy and TikTok sandboxes: orders found from
 * each connection's cursor take the webhook's path; rotating refresh tokens survive racing
 * refreshes; a revoked connection is flagged for the merchant and stops nothing else.
 *
 * The tests share one connected shop and run in order (the last one revokes Etsy's grant).
 */
import { openConnection } from "../../../../app/channels/connection-store.server";
import { secretBoxFor } from "../../../../app/lib/secret-box.server";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EtsyCredentials } from "../../../../app/channels/etsy";
import { channelConnections, exceptions, orders, webhookInbox } from "../../../../app/db/schema";
import type { HandlerContext } from "../../../../app/inbox/topic-handler";
import { logger } from "../../../../app/lib/logger.server";
import { routeJobId } from "../../../../app/queues/keys";
import { QUEUE } from "../../../../app/queues/names";
import { processIngest } from "../../../../app/queues/processors/ingest.server";
import { processMaintenance } from "../../../../app/queues/processors/maintenance.server";
import { liveConnections, withConnection } from "../../../../app/channels/marketplace-ingest.server";
import { marketplaceChannels } from "../../../../app/channels/registry.server";
import { connectMarketplaces, ETSY_SHOP_ID, startMarketplaceWorld, type MarketplaceWorld } from "./harness";

const DOMAIN = "polled.myshopify.com";
let mw: MarketplaceWorld;
let ctx: HandlerContext;
let etsyConnectionId: number;
let ttsConnectionId: number;

const poll = () => processMaintenance(ctx, { task: "poll-marketplaces", shopDomain: DOMAIN, correlationId: "test-poll" });
// Opened as the app reads it: refreshed tokens are stored sealed (issue #7).
const connection = async (id: number) => openConnection(secretBoxFor(mw.config), (await mw.world.db.select().from(channelConnections).where(eq(channelConnections.id, id)))[0]!);
const ordersOf = (channel: "etsy" | "tiktok") => mw.world.db.select().from(orders).where(eq(orders.channel, channel));
const routeJobExists = async (orderId: number) => Boolean(await mw.web.queues.get(QUEUE.routeOrder).getJob(routeJobId(orderId, 1)));

beforeAll(async () => {
  // No workers: the test runs the task itself and inspects the jobs it queues.
  mw = await startMarketplaceWorld({ processors: {} });
  ctx = { db: mw.world.db, queues: mw.web.queues, logger, config: mw.config, now: () => new Date() };
  const connected = await connectMarketplaces(mw, DOMAIN);
  etsyConnectionId = connected.etsyConnection.id;
  ttsConnectionId = connected.ttsConnection.id;
});
afterAll(async () => mw?.close());

describe("poll-marketplaces", () => {
  it("ingests and routes what each account has from its cursor, stores the cursor, and finds nothing new the second time", async () => {
    // GIVEN two paid Etsy receipts, a TikTok order awaiting shipment and an unpaid one
    mw.etsy.state.addReceipt(ETSY_SHOP_ID, [{ sku: "TEE-S", quantity: 1 }]);
    mw.etsy.state.addReceipt(ETSY_SHOP_ID, [{ sku: "TEE-M", quantity: 3 }]);
    const ready = mw.tts.state.addOrder(mw.ttsShop.id, [{ skuId: "1729", sellerSku: "TEE-S" }]);
    mw.tts.state.addOrder(mw.ttsShop.id, [{ skuId: "1729", sellerSku: "TEE-S" }], { status: "UNPAID" });

    // WHEN the task runs
    const note = await poll();

    // THEN the three shippable orders are stored under the Corridor shop, each with its routing job
    const etsyOrders = await ordersOf("etsy");
    const ttsOrders = await ordersOf("tiktok");
    expect(etsyOrders).toHaveLength(2);
    expect(ttsOrders.map((o) => o.externalId)).toEqual([ready.id]);
    for (const o of [...etsyOrders, ...ttsOrders]) {
      expect(o.canonical.shopDomain).toBe(DOMAIN);
      expect(await routeJobExists(o.id)).toBe(true);
    }
    expect(note).toContain(`etsy:${ETSY_SHOP_ID} 2 processed`);
    expect(note).toContain("1 processed, 1 ignored");
    // AND each cursor is stored
    expect((await connection(etsyConnectionId)).syncCursor).toMatch(/^\d+$/);
    expect((await connection(ttsConnectionId)).syncCursor).toMatch(/^\d+$/);

    // WHEN it runs again with nothing changed THEN no order gets a new revision
    await poll();
    expect((await ordersOf("etsy")).map((o) => o.revision)).toEqual([1, 1]);
    expect((await ordersOf("tiktok")).map((o) => o.revision)).toEqual([1]);
  });

  it("refreshes an expiring Etsy token once while two polls race, and keeps the rotated refresh token", async () => {
    // GIVEN an access token one minute from expiry (inside the refresh margin)
    const before = (await connection(etsyConnectionId)).credentials as unknown as EtsyCredentials;
    await mw.world.db
      .update(channelConnections)
      .set({ credentials: { ...before, accessTokenExpiresAt: new Date(Date.now() + 60_000).toISOString() } })
      .where(eq(channelConnections.id, etsyConnectionId));
    const grantsBefore = mw.etsy.state.records.tokenGrants.filter((g) => g.grantType === "refresh_token").length;

    // WHEN two polls run at once
    await Promise.all([poll(), poll()]);

    // THEN Etsy saw one refresh, and the connection holds the refresh token Etsy now honours
    expect(mw.etsy.state.records.tokenGrants.filter((g) => g.grantType === "refresh_token").length - grantsBefore).toBe(1);
    const after = await connection(etsyConnectionId);
    const credentials = after.credentials as unknown as EtsyCredentials;
    expect(after.status).toBe("connected");
    expect(credentials.refreshToken).not.toBe(before.refreshToken);
    expect(mw.etsy.state.refreshTokens.has(credentials.refreshToken)).toBe(true);
    expect(mw.etsy.state.refreshTokens.has(before.refreshToken)).toBe(false);
    expect(Date.parse(credentials.accessTokenExpiresAt)).toBeGreaterThan(Date.now() + 50 * 60_000);
  });

  it("GIVEN a token far from expiry WHEN a call is made while another transaction holds the connection's row THEN it reaches Etsy without waiting for that lock", async () => {
    const etsy = marketplaceChannels(mw.config).etsy!;
    const [live] = await liveConnections<EtsyCredentials>(ctx, ["etsy"], DOMAIN);
    let release!: () => void;
    let locked!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = mw.world.db.transaction(async (tx) => {
      await tx.select({ id: channelConnections.id }).from(channelConnections).where(eq(channelConnections.id, etsyConnectionId)).for("update");
      locked();
      await held;
    });
    await isLocked;
    try {
      const call = withConnection(ctx, etsy, live!, async (fresh) => (await etsy.listCatalog!(fresh, null)).total);
      const outcome = await Promise.race([call.then(() => "called"), new Promise((r) => setTimeout(() => r("waited for the lock"), 5_000))]);
      expect(outcome).toBe("called");
    } finally {
      release();
      await holder;
    }
  });

  it("flags a revoked Etsy connection for reconnect and still polls TikTok", async () => {
    // GIVEN Etsy revoked the grant (a password change) and the access token is expiring
    mw.etsy.state.refreshTokens.clear();
    const held = (await connection(etsyConnectionId)).credentials;
    await mw.world.db
      .update(channelConnections)
      .set({ credentials: { ...held, accessTokenExpiresAt: new Date(Date.now() + 60_000).toISOString() } })
      .where(eq(channelConnections.id, etsyConnectionId));
    const late = mw.tts.state.addOrder(mw.ttsShop.id, [{ skuId: "1730", sellerSku: "TEE-M" }]);

    // WHEN the task runs
    const note = await poll();

    // THEN the Etsy connection needs the merchant, with one open exception saying so
    expect((await connection(etsyConnectionId)).status).toBe("needs_reauth");
    const open = await mw.world.db.select().from(exceptions).where(and(eq(exceptions.subject, `connection:${etsyConnectionId}`), eq(exceptions.status, "open")));
    expect(open).toHaveLength(1);
    expect(open[0]!.merchantMessage).toMatch(/Reconnect/);
    expect(note).toContain(`etsy:${ETSY_SHOP_ID} needs reauth`);
    // AND TikTok's new order still came in
    expect((await ordersOf("tiktok")).map((o) => o.externalId)).toContain(late.id);
    expect((await connection(ttsConnectionId)).status).toBe("connected");
  });

  it("flags the TikTok connection when the seller deauthorizes Corridor, and polls it no more", async () => {
    // GIVEN TikTok's signed SELLER_DEAUTHORIZATION push, stored by the intake
    expect(await mw.tts.sendWebhook(`${mw.web.url}/webhooks/tiktok`, { type: 6, shopId: mw.ttsShop.id, data: {} })).toEqual([200]);
    const [row] = await mw.world.db.select().from(webhookInbox).where(eq(webhookInbox.topic, "SELLER_DEAUTHORIZATION"));
    // WHEN it is ingested
    expect(await processIngest(ctx, { inboxId: row!.id, correlationId: row!.correlationId })).toBe("processed");
    // THEN the connection needs the merchant, and the next poll leaves it alone
    expect((await connection(ttsConnectionId)).status).toBe("needs_reauth");
    const requestsBefore = mw.tts.state.records.requests.length;
    expect(await poll()).toBe("no marketplace connections to poll");
    expect(mw.tts.state.records.requests.length).toBe(requestsBefore);
  });
});
