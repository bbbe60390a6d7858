/**
 * The three storefronts of the demo shop, played by the sandboxes: Shopify (the embedded app's home),
 * an Etsy shop and a TikTok Shop, each listing the demo catalogue. `placeOrder` is a shopper buying on
 * one of them: the platform records the order and sends its signed webhook to Corridor, retrying as
 * the platforms do while Corridor answers anything but 200 (Postgres down → 503).
 */
import { randomBytes } from "node:crypto";
import type { Config } from "../../app/config.server";
import { marketplaceChannels } from "../../app/channels/registry.server";
import { saveConnectedAccounts } from "../../app/channels/connection-store.server";
import type { Database } from "../../app/db/client.server";
import { secretBoxFor } from "../../app/lib/secret-box.server";
import { CARRIERS } from "../../app/warehouses/carriers";
import { orderRestPayload } from "../../test/sandboxes/shopify/merchant";
import type { ShopifySandbox } from "../../test/sandboxes/shopify";
import type { ShopState } from "../../test/sandboxes/shopify/state";
import { startEtsySandbox, type EtsySandbox } from "../../test/sandboxes/etsy";
import { startTiktokSandbox, type TiktokSandbox } from "../../test/sandboxes/tiktok";
import type { TtsSandboxShop } from "../../test/sandboxes/tiktok/state";
import type { DemoOrder } from "../demo/order-stream";

export type ChannelName = "shopify" | "etsy" | "tiktok";
export const ALL_CHANNELS: readonly ChannelName[] = ["shopify", "etsy", "tiktok"];

export const ETSY_SHOP_ID = 31415926;
const ETSY_USER_ID = 27182818;
/** The TikTok warehouse the demo SKUs are stocked at (TikTok keeps stock per its own warehouse id). */
export const TIKTOK_WAREHOUSE_ID = "7100000000000000001";

export interface Marketplaces {
  etsy?: { sandbox: EtsySandbox; shopId: number; listingOf: Map<string, number> };
  tiktok?: { sandbox: TiktokSandbox; shop: TtsSandboxShop; productOf: Map<string, { productId: string; skuId: string }> };
  /** Environment the Corridor processes need to reach these sandboxes. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts the marketplace sandboxes with the catalogue listed at `quantities` (sku → units). */
export async function startMarketplaces(channels: readonly ChannelName[], quantities: ReadonlyMap<string, number>): Promise<Marketplaces> {
  const out: Marketplaces = { env: {}, close: async () => {} };
  const closers: (() => Promise<void>)[] = [];
  if (channels.includes("etsy")) {
    // Limits well above what the demo or the chaos run needs: the run measures Corridor, not Etsy's quota.
    const sandbox = await startEtsySandbox({ perSecond: 1000, perDay: 10_000_000 });
    sandbox.state.addShop(ETSY_SHOP_ID, ETSY_USER_ID, "CorridorDemoVN");
    const listingOf = new Map<string, number>();
    for (const [sku, quantity] of quantities) listingOf.set(sku, sandbox.state.addListing(ETSY_SHOP_ID, [{ sku, quantity }]).listing_id);
    out.etsy = { sandbox, shopId: ETSY_SHOP_ID, listingOf };
    Object.assign(out.env, { ETSY_KEYSTRING: sandbox.keystring, ETSY_SHARED_SECRET: sandbox.sharedSecret, ETSY_WEBHOOK_SECRET: sandbox.webhookSecret, ETSY_API_ORIGIN: sandbox.url });
    closers.push(() => sandbox.close());
  }
  if (channels.includes("tiktok")) {
    const sandbox = await startTiktokSandbox({ perSecond: 1000 });
    const shop = sandbox.state.addShop("Corridor Demo VN", "US");
    // A cross-border seller's delivery option offers every carrier the partner warehouses hand parcels to.
    const [option] = [...sandbox.state.deliveryOptions.keys()];
    sandbox.state.deliveryOptions.set(option!, Object.values(CARRIERS).map((c, i) => ({ id: String(6617675021119439000n + BigInt(i)), name: c.name })));
    const productOf = new Map<string, { productId: string; skuId: string }>();
    for (const [sku, quantity] of quantities) {
      const product = sandbox.state.addProduct(shop.id, [{ sellerSku: sku, warehouses: { [TIKTOK_WAREHOUSE_ID]: quantity } }]);
      productOf.set(sku, { productId: product.id, skuId: product.skus[0]!.id });
    }
    out.tiktok = { sandbox, shop, productOf };
    Object.assign(out.env, { TIKTOK_APP_KEY: sandbox.appKey, TIKTOK_APP_SECRET: sandbox.appSecret, TIKTOK_API_ORIGIN: sandbox.url, TIKTOK_AUTH_ORIGIN: sandbox.url });
    closers.push(() => sandbox.close());
  }
  out.close = async () => {
    for (const close of closers) await close();
  };
  return out;
}

/**
 * Connects the Etsy shop and the TikTok shop to the Corridor shop the way a merchant's consent does
 * (Channel.beginConnect/completeConnect against the sandbox), stored sealed as channel_connections
 * rows by the same helper the OAuth callbacks use.
 */
export async function connectMarketplaces(db: Database, config: Config, shopId: number, m: Marketplaces): Promise<void> {
  const channels = marketplaceChannels(config);
  const box = secretBoxFor(config);
  if (m.etsy && channels.etsy) {
    const redirectUri = `${config.SHOPIFY_APP_URL}/channels/etsy/callback`;
    const start = channels.etsy.beginConnect({ redirectUri, state: randomBytes(8).toString("hex") });
    const consent = await fetch(start.url, { redirect: "manual" });
    const code = new URL(consent.headers.get("location")!).searchParams.get("code")!;
    const accounts = await channels.etsy.completeConnect({ code, redirectUri, ...(start.verifier ? { verifier: start.verifier } : {}), now: new Date() });
    await saveConnectedAccounts(db, box, shopId, "etsy", accounts, new Date());
  }
  if (m.tiktok && channels.tiktok) {
    const code = m.tiktok.sandbox.state.issueAuthCode([m.tiktok.shop.id]);
    const accounts = await channels.tiktok.completeConnect({ code, redirectUri: "", now: new Date() });
    await saveConnectedAccounts(db, box, shopId, "tiktok", accounts, new Date());
  }
}

/** POSTs until Corridor answers 200, as the platforms retry (their schedules, compressed). */
async function deliverUntilAccepted(url: string, delivery: { headers: Record<string, string>; body: string }, maxAttempts = 60): Promise<number> {
  let status = 0;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    status = await fetch(url, { method: "POST", headers: delivery.headers, body: delivery.body, signal: AbortSignal.timeout(15_000) }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return status;
    await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** attempt)));
  }
  return status;
}

export interface ShopifyStorefront {
  sandbox: ShopifySandbox;
  shop: ShopState;
  /** Corridor's fulfillment-service location on the shop. */
  locationId: bigint;
}

/** A placed order: its channel and the platform's own id for it. */
export interface PlacedOrder {
  channel: ChannelName;
  externalId: string;
  /** The storefront's order number where it is not the id (Shopify "#1001"). */
  displayName?: string;
}

/** An order the platform has recorded but not yet told Corridor about. */
export interface CreatedOrder extends PlacedOrder {
  /** Sends the platform's webhook(s): `times` copies of one delivery, each retried until accepted. */
  notify(times?: number): Promise<void>;
  /**
   * The merchant asks to cancel once Corridor has accepted the work (Shopify's cancellation request);
   * false when it was not accepted within `waitMs` or the channel has no such request here.
   */
  requestCancellation?(waitMs: number): Promise<boolean>;
  /** The storefront's answer to that request: CANCELLATION_ACCEPTED, CANCELLATION_REJECTED, or still open. */
  cancellationAnswer?(): string;
}

/** A shopper's order on one storefront, recorded by the platform; `notify` sends its webhook. */
export function createOrder(appUrl: string, order: DemoOrder, where: { shopify?: ShopifyStorefront; marketplaces: Marketplaces }): CreatedOrder {
  const { channel, shippingAddress: a } = order;
  if (channel === "shopify") {
    const s = where.shopify;
    if (!s) throw new Error("shopify is not part of this stack");
    const { order: placed, fulfillmentOrder } = s.sandbox.merchant.createOrder(s.shop, { lines: order.lines, shippingAddress: a, locationId: s.locationId }, { webhook: false });
    return {
      channel,
      externalId: String(placed.id),
      displayName: placed.name,
      async notify(times = 1) {
        // Shopify retries on its own schedule (the sandbox's, compressed by webhookTimeScale).
        void s.sandbox.webhooks.send(s.shop.domain, "orders/create", orderRestPayload(s.shop, placed), { duplicates: times }).catch(() => undefined);
        // The merchant sends the work to Corridor's location, as Shopify does for a fulfillment service.
        await s.sandbox.merchant.submitFulfillmentRequest(s.shop, fulfillmentOrder);
      },
      async requestCancellation(waitMs) {
        const end = Date.now() + waitMs;
        while (fulfillmentOrder.requestStatus !== "ACCEPTED") {
          if (Date.now() > end || fulfillmentOrder.requestStatus === "REJECTED") return false;
          await new Promise((r) => setTimeout(r, 50));
        }
        await s.sandbox.merchant.submitCancellationRequest(s.shop, fulfillmentOrder);
        return true;
      },
      cancellationAnswer: () => fulfillmentOrder.requestStatus,
    };
  }
  if (channel === "etsy") {
    const e = where.marketplaces.etsy;
    if (!e) throw new Error("etsy is not part of this stack");
    const receipt = e.sandbox.state.addReceipt(
      e.shopId,
      order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, price: Math.round(Number(l.price) * 100), title: l.title, ...(e.listingOf.has(l.sku) ? { listingId: e.listingOf.get(l.sku)! } : {}) })),
      { name: a.name, first_line: a.address1, city: a.city, zip: a.zip, state: a.provinceCode, country_iso: a.countryCode },
    );
    const delivery = e.sandbox.buildOrderPaid({ shopId: e.shopId, receiptId: receipt.receipt_id });
    return {
      channel,
      externalId: String(receipt.receipt_id),
      async notify(times = 1) {
        await Promise.all(Array.from({ length: times }, () => deliverUntilAccepted(`${appUrl}/webhooks/etsy`, delivery)));
      },
    };
  }
  const t = where.marketplaces.tiktok;
  if (!t) throw new Error("tiktok is not part of this stack");
  // TikTok has no quantity: one line item per unit.
  const units = order.lines.flatMap((l) => Array.from({ length: l.quantity }, () => ({ ...skuOf(t.productOf, l.sku), sellerSku: l.sku, salePrice: l.price })));
  const placed = t.sandbox.state.addOrder(t.shop.id, units, {
    recipient_address: {
      name: a.name,
      phone_number: "(+1)555-0100",
      address_line1: a.address1,
      postal_code: a.zip,
      region_code: a.countryCode,
      district_info: [
        { address_level: "L0", address_level_name: "Country", address_name: a.countryCode },
        ...(a.provinceCode ? [{ address_level: "L1", address_level_name: "State", address_name: a.provinceCode }] : []),
        { address_level: "L3", address_level_name: "City", address_name: a.city },
      ],
    },
  });
  const delivery = t.sandbox.buildWebhook({ type: 1, shopId: t.shop.id, data: { order_id: placed.id, order_status: "AWAITING_SHIPMENT", update_time: placed.update_time } });
  return {
    channel,
    externalId: placed.id,
    async notify(times = 1) {
      await Promise.all(Array.from({ length: times }, () => deliverUntilAccepted(`${appUrl}/webhooks/tiktok`, delivery)));
    },
  };
}

const skuOf = (productOf: Map<string, { productId: string; skuId: string }>, sku: string) => {
  const p = productOf.get(sku);
  if (!p) throw new Error(`the TikTok sandbox lists no product for ${sku}`);
  return { skuId: p.skuId, productId: p.productId };
};
