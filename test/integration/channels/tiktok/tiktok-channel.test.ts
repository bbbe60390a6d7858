/**
 * The TikTok Shop adapter end to end against the local TikTok sandbox (contract §B): connect with
 * shop cipher, signed requests, order events → Get Order Detail → canonical order, inventory per
 * SKU and warehouse, package shipping, token rotation, limits and error envelopes.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChannelAuthError, OrderNotReadyError, type ChannelConnection } from "~/channels/channel";
import { createTiktokChannel, type TiktokCredentials } from "~/channels/tiktok";
import { PartnerError, PartnerThrottledError } from "~/lib/errors";
import { startTiktokSandbox, type TiktokSandbox } from "../../../sandboxes/tiktok";
import type { TtsSandboxShop } from "../../../sandboxes/tiktok/state";

let tts: TiktokSandbox;
let shop: TtsSandboxShop;

const channelFor = (sandbox: TiktokSandbox, over: Partial<Parameters<typeof createTiktokChannel>[0]> = {}) =>
  createTiktokChannel({ appKey: sandbox.appKey, appSecret: sandbox.appSecret, apiOrigin: sandbox.url, authOrigin: sandbox.url, ...over });

async function connect(sandbox: TiktokSandbox, forShop: TtsSandboxShop): Promise<ChannelConnection<TiktokCredentials>> {
  const accounts = await channelFor(sandbox).completeConnect({ code: sandbox.state.issueAuthCode([forShop.id]), redirectUri: "", now: new Date() });
  const account = accounts.find((a) => a.externalAccountId === forShop.id)!;
  return { id: 2, shopId: 1, channel: "tiktok", externalAccountId: account.externalAccountId, status: "connected", credentials: account.credentials, syncCursor: null, lastWebhookAt: null, createdAt: new Date() };
}

beforeAll(async () => {
  tts = await startTiktokSandbox();
  shop = tts.state.addShop();
});
afterAll(async () => tts.close());

describe("TikTok connect", () => {
  it("trades the auth code for tokens and keeps each authorised shop's cipher", async () => {
    const second = tts.state.addShop("Second shop", "GB");
    const accounts = await channelFor(tts).completeConnect({ code: tts.state.issueAuthCode([shop.id, second.id]), redirectUri: "", now: new Date() });
    expect(accounts.map((a) => [a.externalAccountId, a.credentials.shopCipher])).toEqual([[shop.id, shop.cipher], [second.id, second.cipher]]);
    // *_expire_in are absolute timestamps: a week out, not 1970 + a week
    expect(Date.parse(accounts[0]!.credentials.accessTokenExpiresAt)).toBeGreaterThan(Date.now() + 6 * 86_400_000);
  });

  it("builds the documented authorisation link, whose consent comes back with a usable code", async () => {
    const sandbox = await startTiktokSandbox({ redirectUri: "https://corridor.example/channels/tiktok/callback" });
    try {
      const s = sandbox.state.addShop();
      const url = new URL(channelFor(sandbox).beginConnect({ redirectUri: "", state: "st-9" }).url);
      expect(url.pathname).toBe("/oauth/authorize");
      expect(Object.fromEntries(url.searchParams)).toEqual({ app_key: sandbox.appKey, state: "st-9" });
      const callback = new URL((await fetch(url, { redirect: "manual" })).headers.get("location")!);
      expect(callback.searchParams.get("state")).toBe("st-9");
      const accounts = await channelFor(sandbox).completeConnect({ code: callback.searchParams.get("code")!, redirectUri: "", now: new Date() });
      expect(accounts.map((a) => a.externalAccountId)).toEqual([s.id]);
    } finally {
      await sandbox.close();
    }
  });
});

describe("TikTok order event → Get Order Detail → canonical order", () => {
  it("verifies the push, fetches the order and groups its one-unit line items by SKU", async () => {
    // GIVEN an order of 3 × RED and 1 × BLUE (four line items) and TikTok's signed push about it
    const connection = await connect(tts, shop);
    const units = [
      { skuId: "1729000000000000001", sellerSku: "RED" },
      { skuId: "1729000000000000002", sellerSku: "BLUE", salePrice: "20.00" },
      { skuId: "1729000000000000001", sellerSku: "RED" },
      { skuId: "1729000000000000001", sellerSku: "RED" },
    ];
    const order = tts.state.addOrder(shop.id, units);
    const push = tts.buildWebhook({ type: 1, shopId: shop.id, data: { order_id: order.id, order_status: "AWAITING_SHIPMENT", update_time: order.update_time } });
    const channel = channelFor(tts);
    // WHEN
    const verdict = channel.verifyWebhook(push.headers, Buffer.from(push.body), new Date());
    if (!verdict.ok) throw new Error(verdict.refusal.detail);
    const canonical = await channel.fetchOrder(connection, verdict.delivery.orderRef!);
    // THEN
    expect(verdict.delivery).toMatchObject({ topic: "ORDER_STATUS_CHANGE", shopRef: shop.id });
    expect(canonical.externalId).toBe(order.id); // > 2^53, intact
    expect(canonical.lines.map((l) => [l.externalLineId, l.sku, l.quantity, l.unitPrice])).toEqual([
      ["1729000000000000001", "RED", 3, 1250],
      ["1729000000000000002", "BLUE", 1, 2000],
    ]);
    expect(canonical.shipTo).toMatchObject({ countryCode: "US", provinceCode: "California", city: "San Francisco" });
  });

  it("refuses to hand over an unpaid or on-hold order, and maps a cancelled one with its cancellation", async () => {
    const connection = await connect(tts, shop);
    const unit = [{ skuId: "1729000000000000001", sellerSku: "RED" }];
    for (const status of ["UNPAID", "ON_HOLD"]) {
      const order = tts.state.addOrder(shop.id, unit, { status });
      await expect(channelFor(tts).fetchOrder(connection, { externalId: order.id })).rejects.toBeInstanceOf(OrderNotReadyError);
    }
    const cancelled = tts.state.addOrder(shop.id, unit, { status: "CANCELLED" });
    expect((await channelFor(tts).fetchOrder(connection, { externalId: cancelled.id })).cancelledAt).toBe(new Date(cancelled.update_time * 1000).toISOString());
  });

  it("stores a duplicated push once and refuses a forged one with 401", async () => {
    // A stand-in intake keyed by tts_notification_id (the inbox's unique key).
    const stored = new Set<string>();
    const channel = channelFor(tts);
    const app: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c)).on("end", () => {
        const verdict = channel.verifyWebhook(req.headers, Buffer.concat(chunks), new Date());
        if (verdict.ok) stored.add(verdict.delivery.deliveryId);
        res.writeHead(verdict.ok ? 200 : 401).end();
      });
    });
    await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
    try {
      const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/webhooks/tiktok`;
      const event = { type: 1, shopId: shop.id, notificationId: "7327000000000000001", data: { order_id: "1" } };
      expect(await tts.sendWebhook(appUrl, event, { times: 2 })).toEqual([200, 200]);
      expect(await tts.sendWebhook(appUrl, { ...event, notificationId: "7327000000000000002" }, { secret: "not-the-app-secret" })).toEqual([401]);
      expect([...stored]).toEqual(["7327000000000000001"]);
    } finally {
      await new Promise<void>((r) => app.close(() => r()));
    }
  });

  it("delivers status events out of order; each verifies and the order fetched is the newest state", async () => {
    const connection = await connect(tts, shop);
    const order = tts.state.addOrder(shop.id, [{ skuId: "1729000000000000001", sellerSku: "RED" }]);
    const t = order.update_time;
    const events = [
      tts.buildWebhook({ type: 1, shopId: shop.id, timestamp: t, data: { order_id: order.id, order_status: "AWAITING_SHIPMENT", update_time: t } }),
      tts.buildWebhook({ type: 1, shopId: shop.id, timestamp: t + 60, data: { order_id: order.id, order_status: "CANCELLED", update_time: t + 60 } }),
    ];
    Object.assign(order, { status: "CANCELLED", update_time: t + 60 });
    const channel = channelFor(tts);
    const verdicts = [...events].reverse().map((e) => channel.verifyWebhook(e.headers, Buffer.from(e.body), new Date((t + 61) * 1000)));
    expect(verdicts.map((v) => v.ok && v.delivery.occurredAt)).toEqual([new Date((t + 60) * 1000).toISOString(), new Date(t * 1000).toISOString()]);
    // Whichever arrives first, the fetched order is TikTok's current one: cancelled.
    expect((await channel.fetchOrder(connection, { externalId: order.id })).cancelledAt).toBe(new Date((t + 60) * 1000).toISOString());
  });

  it("lists changed orders for the polling fallback", async () => {
    const connection = await connect(tts, shop);
    const order = tts.state.addOrder(shop.id, [{ skuId: "1729000000000000001", sellerSku: "RED" }]);
    const polled = await channelFor(tts).pollOrders!(connection, String(order.update_time), new Date());
    expect(polled.refs).toContainEqual({ externalId: order.id });
    expect(Number(polled.cursor)).toBeGreaterThanOrEqual(order.update_time);
  });
});

describe("TikTok stock push", () => {
  it("updates one warehouse of a SKU while sending every warehouse TikTok has for it", async () => {
    // GIVEN a SKU stocked in two warehouses
    const connection = await connect(tts, shop);
    const product = tts.state.addProduct(shop.id, [
      { sellerSku: "LAMP", warehouses: { "7068000000000000001": 5, "7068000000000000002": 30 } },
      { sellerSku: "SHADE", warehouses: { "7068000000000000001": 2 } },
    ]);
    const [lamp, shade] = product.skus;
    // WHEN Corridor pushes the US warehouse of LAMP, and SHADE without a warehouse
    const result = await channelFor(tts).pushStock(connection, [
      { sku: "LAMP", available: 11, locationRef: "7068000000000000001", channelRef: { productId: product.id, skuId: lamp!.id } },
      { sku: "SHADE", available: 0, channelRef: { productId: product.id, skuId: shade!.id } },
    ]);
    // THEN one call per product, every warehouse of LAMP listed, only the pushed one changed
    expect(result.skipped).toEqual([]);
    expect(result.pushed).toEqual([
      { sku: "LAMP", locationRef: "7068000000000000001", quantity: 11 },
      { sku: "SHADE", locationRef: "7068000000000000001", quantity: 0 },
    ]);
    expect(tts.state.records.inventoryUpdates.filter((u) => u.productId === product.id)).toHaveLength(1);
    expect(tts.state.quantityOf(product.id, lamp!.id, "7068000000000000001")).toBe(11);
    expect(tts.state.quantityOf(product.id, lamp!.id, "7068000000000000002")).toBe(30);
    expect(tts.state.quantityOf(product.id, shade!.id, "7068000000000000001")).toBe(0);
  });
});

describe("TikTok shipment push", () => {
  it("marks the package shipped with TikTok's provider id, once even when pushed twice", async () => {
    const connection = await connect(tts, shop);
    const order = tts.state.addOrder(shop.id, [
      { skuId: "1729000000000000001", sellerSku: "RED" },
      { skuId: "1729000000000000001", sellerSku: "RED" },
    ]);
    const shipment = { carrier: "UPS", trackingNumber: "1Z999AA10123456784", lines: [{ externalLineId: "1729000000000000001", sku: "RED", quantity: 2 }] };
    const first = await channelFor(tts).pushShipment(connection, { externalId: order.id }, shipment);
    const second = await channelFor(tts).pushShipment(connection, { externalId: order.id }, shipment);
    expect(first.alreadyExisted).toBe(false);
    expect(second).toEqual({ channelFulfillmentId: first.channelFulfillmentId, alreadyExisted: true });
    const packages = tts.state.records.packages.filter((p) => p.orderId === order.id);
    expect(packages).toEqual([{ orderId: order.id, body: { tracking_number: "1Z999AA10123456784", shipping_provider_id: "6617675021119438850", order_line_item_ids: order.line_items.map((l) => l.id) } }]);
    expect(tts.state.orders.get(order.id)!.status).toBe("IN_TRANSIT");
  });

  it("refuses a carrier TikTok does not list for the order, with a sentence for the merchant", async () => {
    const connection = await connect(tts, shop);
    const order = tts.state.addOrder(shop.id, [{ skuId: "1729000000000000001", sellerSku: "RED" }]);
    const error = await channelFor(tts)
      .pushShipment(connection, { externalId: order.id }, { carrier: "Viettel Post", trackingNumber: "VT1", lines: [{ externalLineId: "1729000000000000001", sku: "RED", quantity: 1 }] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TIKTOK_UNKNOWN_CARRIER", retryable: false, merchantMessage: expect.stringContaining("Viettel Post") });
  });
});

describe("TikTok tokens, signatures and limits", () => {
  it("refreshes near expiry and rotates the refresh token; the old one is then refused", async () => {
    const connection = await connect(tts, shop);
    const channel = channelFor(tts);
    expect(await channel.refreshCredentials(connection, new Date())).toBeNull();
    const soon = new Date(Date.parse(connection.credentials.accessTokenExpiresAt) - 60_000);
    const fresh = (await channel.refreshCredentials(connection, soon))!;
    expect(fresh.refreshToken).not.toBe(connection.credentials.refreshToken);
    expect(fresh.shopCipher).toBe(shop.cipher);
    const order = tts.state.addOrder(shop.id, [{ skuId: "1729000000000000001", sellerSku: "RED" }]);
    await expect(channel.fetchOrder({ ...connection, credentials: fresh }, { externalId: order.id })).resolves.toMatchObject({ externalId: order.id });
    await expect(channel.refreshCredentials(connection, soon)).rejects.toBeInstanceOf(ChannelAuthError);
  });

  it("gets code 106001 from TikTok when signing with the wrong secret, as a non-retryable error", async () => {
    const connection = await connect(tts, shop);
    const error = await channelFor(tts, { appSecret: "wrong-secret" }).fetchOrder(connection, { externalId: "1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerError);
    expect(error).toMatchObject({ code: "TIKTOK_SIGNATURE_INVALID", retryable: false });
  });

  it("is refused when our clock is more than five minutes off TikTok's", async () => {
    const connection = await connect(tts, shop);
    const error = await channelFor(tts, { now: () => Date.now() - 10 * 60_000 }).fetchOrder(connection, { externalId: "1" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TIKTOK_106002" });
  });

  it("maps an expired access token to a reconnect error", async () => {
    const sandbox = await startTiktokSandbox({ accessTokenTtlS: 0 });
    try {
      // GIVEN tokens that expired the moment they were issued
      const s = sandbox.state.addShop();
      const token = sandbox.state.issueTokens([s.id]);
      const credentials: TiktokCredentials = {
        accessToken: token.access_token,
        accessTokenExpiresAt: new Date(token.access_token_expire_in * 1000).toISOString(),
        refreshToken: token.refresh_token,
        refreshTokenExpiresAt: new Date(token.refresh_token_expire_in * 1000).toISOString(),
        shopId: s.id,
        shopCipher: s.cipher,
      };
      const connection: ChannelConnection<TiktokCredentials> = { id: 3, shopId: 1, channel: "tiktok", externalAccountId: s.id, status: "connected", credentials, syncCursor: null, lastWebhookAt: null, createdAt: new Date() };
      // THEN TikTok's 105002 becomes a non-retryable reconnect error
      const error = await channelFor(sandbox).fetchOrder(connection, { externalId: "1" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChannelAuthError);
      expect(error).toMatchObject({ retryable: false });
    } finally {
      await sandbox.close();
    }
  });

  it("maps TikTok's HTTP 429 to PartnerThrottledError", async () => {
    const frozen = Date.now();
    const sandbox = await startTiktokSandbox({ perSecond: 1, now: () => frozen });
    try {
      const s = sandbox.state.addShop();
      const connection = await connect(sandbox, s);
      const order = sandbox.state.addOrder(s.id, [{ skuId: "1729000000000000001", sellerSku: "RED" }]);
      await channelFor(sandbox, { now: () => frozen }).fetchOrder(connection, { externalId: order.id });
      const error = await channelFor(sandbox, { now: () => frozen }).fetchOrder(connection, { externalId: order.id }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PartnerThrottledError);
      expect(sandbox.state.records.requests.filter((r) => r.path === "/order/202309/orders").map((r) => r.status)).toEqual([200, 429]);
    } finally {
      await sandbox.close();
    }
  });
});
