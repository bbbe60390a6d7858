/**
 * The Etsy adapter end to end against the local Etsy sandbox (contract §A): connect with PKCE,
 * order.paid → receipt → canonical order, stock, tracking, token rotation, limits.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChannelAuthError, OrderNotReadyError, type ChannelConnection } from "~/channels/channel";
import { createEtsyChannel, type EtsyCredentials } from "~/channels/etsy";
import { PartnerError, PartnerThrottledError } from "~/lib/errors";
import { startEtsySandbox, type EtsySandbox } from "../../../sandboxes/etsy";

const SHOP_ID = 42424242;
const USER_ID = 53888612;
const REDIRECT = "https://corridor.example/channels/etsy/callback";

let etsy: EtsySandbox;
const channelFor = (sandbox: EtsySandbox, over: Partial<Parameters<typeof createEtsyChannel>[0]> = {}) =>
  createEtsyChannel({
    keystring: sandbox.keystring,
    sharedSecret: sandbox.sharedSecret,
    webhookSigningSecret: sandbox.webhookSecret,
    apiOrigin: sandbox.url,
    oauthOrigin: sandbox.url,
    authorizeOrigin: sandbox.url,
    resourceOrigins: [sandbox.url],
    ...over,
  });

function connectionWith(credentials: EtsyCredentials, shopId = SHOP_ID): ChannelConnection<EtsyCredentials> {
  return { id: 1, shopId: 1, channel: "etsy", externalAccountId: String(shopId), status: "connected", credentials, syncCursor: null, lastWebhookAt: null, createdAt: new Date() };
}

/** Walks the consent flow the way a merchant's browser would, returning the connection. */
async function connect(sandbox: EtsySandbox): Promise<ChannelConnection<EtsyCredentials>> {
  const channel = channelFor(sandbox);
  const start = channel.beginConnect({ redirectUri: REDIRECT, state: "s-1" });
  const consent = await fetch(start.url, { redirect: "manual" });
  const callback = new URL(consent.headers.get("location")!);
  expect(callback.searchParams.get("state")).toBe("s-1");
  const [account] = await channel.completeConnect({ code: callback.searchParams.get("code")!, redirectUri: REDIRECT, verifier: start.verifier, now: new Date() });
  return connectionWith(account!.credentials, Number(account!.externalAccountId));
}

beforeAll(async () => {
  etsy = await startEtsySandbox();
  etsy.state.addShop(SHOP_ID, USER_ID);
});
afterAll(async () => etsy.close());

describe("Etsy connect (OAuth 2.0 + PKCE)", () => {
  it("exchanges the code with the PKCE verifier and learns the shop from the token's user", async () => {
    const connection = await connect(etsy);
    expect(connection.externalAccountId).toBe(String(SHOP_ID));
    expect(connection.credentials.userId).toBe(String(USER_ID));
    expect(Date.parse(connection.credentials.accessTokenExpiresAt)).toBeGreaterThan(Date.now() + 3500_000);
  });

  it("is refused by Etsy when the verifier does not match the challenge", async () => {
    const channel = channelFor(etsy);
    const start = channel.beginConnect({ redirectUri: REDIRECT, state: "s-2" });
    const code = new URL((await fetch(start.url, { redirect: "manual" })).headers.get("location")!).searchParams.get("code")!;
    await expect(channel.completeConnect({ code, redirectUri: REDIRECT, verifier: "x".repeat(43), now: new Date() })).rejects.toBeInstanceOf(ChannelAuthError);
  });
});

describe("Etsy order.paid → receipt → canonical order", () => {
  it("fetches the receipt a verified delivery points at and normalises it", async () => {
    // GIVEN a connected shop with a paid receipt and Etsy's signed pointer to it
    const connection = await connect(etsy);
    const receipt = etsy.state.addReceipt(SHOP_ID, [{ sku: "TEE-S", quantity: 2, price: 1500 }, { sku: "TEE-M", quantity: 1 }]);
    const delivery = etsy.buildOrderPaid({ shopId: SHOP_ID, receiptId: receipt.receipt_id });
    const channel = channelFor(etsy);
    // WHEN verified and fetched
    const verdict = channel.verifyWebhook(delivery.headers, Buffer.from(delivery.body), new Date());
    if (!verdict.ok) throw new Error(verdict.refusal.detail);
    const order = await channel.fetchOrder(connection, verdict.delivery.orderRef!);
    // THEN
    expect(verdict.delivery).toMatchObject({ topic: "order.paid", shopRef: String(SHOP_ID), deliveryId: delivery.headers["webhook-id"] });
    expect(order).toMatchObject({ channel: "etsy", externalId: String(receipt.receipt_id), currency: "USD", shipTo: { countryCode: "US", city: "Portland" } });
    expect(order.lines.map((l) => [l.sku, l.quantity, l.unitPrice])).toEqual([["TEE-S", 2, 1500], ["TEE-M", 1, 1999]]);
  });

  it("refuses to hand over a receipt that is not paid yet", async () => {
    const connection = await connect(etsy);
    const receipt = etsy.state.addReceipt(SHOP_ID, [{ sku: "TEE-S", quantity: 1 }], { status: "payment processing", is_paid: false });
    await expect(channelFor(etsy).fetchOrder(connection, { externalId: String(receipt.receipt_id) })).rejects.toBeInstanceOf(OrderNotReadyError);
  });

  it("refuses a signed resource_url on another host without making any request", async () => {
    const connection = await connect(etsy);
    const requestsBefore = etsy.state.records.requests.length;
    for (const resourceUrl of [`https://evil.example/v3/application/shops/${SHOP_ID}/receipts/1`, `http://169.254.169.254/latest/meta-data`, `${etsy.url}@evil.example/v3/application/shops/${SHOP_ID}/receipts/1`]) {
      await expect(channelFor(etsy).fetchOrder(connection, { resourceUrl })).rejects.toMatchObject({ code: expect.stringMatching(/^ETSY_RESOURCE_URL_/) });
    }
    expect(etsy.state.records.requests.length).toBe(requestsBefore);
  });

  it("refuses a resource_url on Etsy's host that names another shop or is not a receipt", async () => {
    const connection = await connect(etsy);
    await expect(channelFor(etsy).fetchOrder(connection, { resourceUrl: `${etsy.url}/v3/application/shops/999/receipts/1` })).rejects.toMatchObject({ code: "ETSY_RESOURCE_URL_OTHER_SHOP" });
    await expect(channelFor(etsy).fetchOrder(connection, { resourceUrl: `${etsy.url}/v3/application/listings/1/inventory` })).rejects.toMatchObject({ code: "ETSY_RESOURCE_URL_NOT_RECEIPT" });
  });
});

describe("Etsy webhooks over HTTP", () => {
  let app: Server;
  let appUrl: string;
  const stored = new Map<string, string>();
  beforeAll(async () => {
    // A stand-in intake: verify, then keep one entry per webhook-id (the inbox's unique key).
    const channel = channelFor(etsy);
    app = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c)).on("end", () => {
        const verdict = channel.verifyWebhook(req.headers, Buffer.concat(chunks), new Date());
        if (verdict.ok) stored.set(verdict.delivery.deliveryId, verdict.delivery.topic);
        res.writeHead(verdict.ok ? 200 : 401).end();
      });
    });
    await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
    appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/webhooks/etsy`;
  });
  afterAll(() => new Promise<void>((r) => app.close(() => r())));

  it("acknowledges a duplicated delivery each time and stores it once", async () => {
    const receipt = etsy.state.addReceipt(SHOP_ID, [{ sku: "TEE-S", quantity: 1 }]);
    expect(await etsy.sendOrderPaid(appUrl, { shopId: SHOP_ID, receiptId: receipt.receipt_id }, { times: 3, webhookId: "msg_dup_1" })).toEqual([200, 200, 200]);
    expect([...stored.keys()].filter((k) => k === "msg_dup_1")).toHaveLength(1);
  });

  it("accepts deliveries sent out of order, each under its own id", async () => {
    const [a, b] = [1, 2].map(() => etsy.state.addReceipt(SHOP_ID, [{ sku: "TEE-S", quantity: 1 }]));
    const deliveries = [a!, b!].map((r) => etsy.buildOrderPaid({ shopId: SHOP_ID, receiptId: r.receipt_id }, { webhookId: `msg_ooo_${r.receipt_id}` }));
    expect(await etsy.deliver(appUrl, deliveries, "reverse")).toEqual([200, 200]);
    expect(stored.has(`msg_ooo_${a!.receipt_id}`) && stored.has(`msg_ooo_${b!.receipt_id}`)).toBe(true);
  });

  it("answers 401 to a forged or stale delivery and stores nothing", async () => {
    const receipt = etsy.state.addReceipt(SHOP_ID, [{ sku: "TEE-S", quantity: 1 }]);
    const before = stored.size;
    const forged = await etsy.sendOrderPaid(appUrl, { shopId: SHOP_ID, receiptId: receipt.receipt_id }, { secret: `whsec_${Buffer.from("someone else entirely!!").toString("base64")}` });
    const stale = await etsy.sendOrderPaid(appUrl, { shopId: SHOP_ID, receiptId: receipt.receipt_id }, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect([...forged, ...stale]).toEqual([401, 401]);
    expect(stored.size).toBe(before);
  });
});

describe("Etsy stock push", () => {
  it("changes one variant's quantity and keeps every other variant of the listing", async () => {
    // GIVEN a listing with three variants
    const connection = await connect(etsy);
    const listing = etsy.state.addListing(SHOP_ID, [{ sku: "MUG-RED", quantity: 4 }, { sku: "MUG-BLUE", quantity: 6, price: 2100 }, { sku: "MUG-GREEN", quantity: 8 }]);
    const ref = { listingId: String(listing.listing_id) };
    // WHEN Corridor pushes MUG-BLUE = 2 and an unknown SKU
    const result = await channelFor(etsy).pushStock(connection, [
      { sku: "MUG-BLUE", available: 2, channelRef: ref },
      { sku: "MUG-GONE", available: 1, channelRef: ref },
      { sku: "NO-REF", available: 1 },
    ]);
    // THEN Etsy got the whole product set, only MUG-BLUE changed, prices intact
    expect(result.pushed).toEqual([{ sku: "MUG-BLUE", locationRef: "", quantity: 2 }]);
    expect(result.skipped.map((s) => s.sku).sort()).toEqual(["MUG-GONE", "NO-REF"]);
    const put = etsy.state.records.inventoryUpdates.at(-1)!;
    expect(put.listingId).toBe(String(listing.listing_id));
    expect((put.body as { products: { sku: string }[] }).products.map((p) => p.sku)).toEqual(["MUG-RED", "MUG-BLUE", "MUG-GREEN"]);
    expect(["MUG-RED", "MUG-BLUE", "MUG-GREEN"].map((sku) => etsy.state.quantityOf(listing.listing_id, sku))).toEqual([4, 2, 8]);
    expect(etsy.state.listings.get(listing.listing_id)!.inventory.products[1]!.offerings[0]!.price).toEqual({ amount: 2100, divisor: 100, currency_code: "USD" });
  });
});

describe("Etsy tracking push", () => {
  it("creates one shipment even when pushed twice", async () => {
    const connection = await connect(etsy);
    const receipt = etsy.state.addReceipt(SHOP_ID, [{ sku: "TEE-S", quantity: 1 }]);
    const shipment = { carrier: "usps", trackingNumber: "9400100000000000000001", trackingUrl: "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400100000000000000001", lines: [] };
    const first = await channelFor(etsy).pushShipment(connection, { externalId: String(receipt.receipt_id) }, shipment);
    const second = await channelFor(etsy).pushShipment(connection, { externalId: String(receipt.receipt_id) }, shipment);
    expect(first.alreadyExisted).toBe(false);
    expect(second).toEqual({ channelFulfillmentId: first.channelFulfillmentId, alreadyExisted: true });
    expect(etsy.state.records.shipments.filter((s) => s.receiptId === String(receipt.receipt_id))).toEqual([
      { receiptId: String(receipt.receipt_id), body: { tracking_code: "9400100000000000000001", carrier_name: "usps" } },
    ]);
    expect(etsy.state.receipts.get(receipt.receipt_id)!.is_shipped).toBe(true);
  });
});

describe("Etsy token refresh", () => {
  it("refreshes only near expiry, rotates the refresh token, and the old one is then refused", async () => {
    const connection = await connect(etsy);
    const channel = channelFor(etsy);
    expect(await channel.refreshCredentials(connection, new Date())).toBeNull();
    // WHEN the access token is within the margin of expiry
    const soon = new Date(Date.parse(connection.credentials.accessTokenExpiresAt) - 60_000);
    const fresh = (await channel.refreshCredentials(connection, soon))!;
    // THEN both tokens are new, the new one works, the used refresh token is dead
    expect(fresh.refreshToken).not.toBe(connection.credentials.refreshToken);
    expect(fresh.accessToken).not.toBe(connection.credentials.accessToken);
    expect(fresh.shopId).toBe(String(SHOP_ID));
    const receipt = etsy.state.addReceipt(SHOP_ID, [{ sku: "TEE-S", quantity: 1 }]);
    await expect(channel.fetchOrder(connectionWith(fresh), { externalId: String(receipt.receipt_id) })).resolves.toMatchObject({ externalId: String(receipt.receipt_id) });
    await expect(channel.refreshCredentials(connection, soon)).rejects.toBeInstanceOf(ChannelAuthError);
  });

  it("reports an expired access token as a reconnect-or-refresh error, not a retry", async () => {
    const sandbox = await startEtsySandbox({ accessTokenTtlS: 0 });
    try {
      sandbox.state.addShop(SHOP_ID, USER_ID);
      const tokens = sandbox.state.issueTokens(USER_ID);
      const connection = connectionWith({ accessToken: tokens.access_token, refreshToken: tokens.refresh_token, accessTokenExpiresAt: new Date().toISOString(), userId: String(USER_ID), shopId: String(SHOP_ID) });
      await expect(channelFor(sandbox).fetchOrder(connection, { externalId: "1" })).rejects.toBeInstanceOf(ChannelAuthError);
    } finally {
      await sandbox.close();
    }
  });
});

describe("Etsy limits and keys", () => {
  it("maps Etsy's 429 to PartnerThrottledError when another worker spent this second's budget", async () => {
    // GIVEN 1 query per second and a frozen sandbox clock, so both calls share one second
    const frozen = Date.now();
    const sandbox = await startEtsySandbox({ perSecond: 1, now: () => frozen });
    try {
      sandbox.state.addShop(SHOP_ID, USER_ID);
      const receipt = sandbox.state.addReceipt(SHOP_ID, [{ sku: "TEE-S", quantity: 1 }]);
      const tokens = sandbox.state.issueTokens(USER_ID);
      const connection = connectionWith({ accessToken: tokens.access_token, refreshToken: tokens.refresh_token, accessTokenExpiresAt: new Date(frozen + 3600_000).toISOString(), userId: String(USER_ID), shopId: String(SHOP_ID) });
      // WHEN two workers (two adapter instances, two limiters) call with the same token
      await channelFor(sandbox).fetchOrder(connection, { externalId: String(receipt.receipt_id) });
      const error = await channelFor(sandbox).fetchOrder(connection, { externalId: String(receipt.receipt_id) }).catch((e: unknown) => e);
      // THEN the second is throttled, retryable, with a wait
      expect(error).toBeInstanceOf(PartnerThrottledError);
      expect((error as PartnerThrottledError).retryAfterMs).toBeGreaterThan(0);
      expect(sandbox.state.records.requests.map((r) => r.status)).toEqual([200, 429]);
    } finally {
      await sandbox.close();
    }
  });

  it("sends keystring:secret on every call; a wrong secret is a non-retryable 403", async () => {
    const connection = await connect(etsy);
    const error = await channelFor(etsy, { sharedSecret: "wrong" }).fetchOrder(connection, { externalId: "1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerError);
    expect(error).toMatchObject({ status: 403, retryable: false });
  });
});

describe("Etsy polling fallback", () => {
  it("returns receipts modified since the cursor and a cursor that moves forward", async () => {
    let clock = 1_800_000_000_000;
    const sandbox = await startEtsySandbox({ now: () => clock });
    try {
      sandbox.state.addShop(SHOP_ID, USER_ID);
      const tokens = sandbox.state.issueTokens(USER_ID);
      const connection = connectionWith({ accessToken: tokens.access_token, refreshToken: tokens.refresh_token, accessTokenExpiresAt: new Date(clock + 3600_000).toISOString(), userId: String(USER_ID), shopId: String(SHOP_ID) });
      const old = sandbox.state.addReceipt(SHOP_ID, [{ sku: "A", quantity: 1 }]);
      clock += 60_000;
      const first = await channelFor(sandbox).pollOrders!(connection, String(Math.floor(clock / 1000)), new Date(clock));
      expect(first.refs).toEqual([]);
      clock += 60_000;
      const fresh = sandbox.state.addReceipt(SHOP_ID, [{ sku: "B", quantity: 1 }]);
      const second = await channelFor(sandbox).pollOrders!(connection, first.cursor, new Date(clock));
      expect(second.refs).toEqual([{ externalId: String(fresh.receipt_id) }]);
      expect(Number(second.cursor)).toBe(Math.floor(clock / 1000));
      expect(second.refs).not.toContainEqual({ externalId: String(old.receipt_id) });
    } finally {
      await sandbox.close();
    }
  });
});
