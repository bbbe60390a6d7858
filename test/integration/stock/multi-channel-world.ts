/**
 * One Corridor shop selling the same SKUs on Shopify, Etsy and TikTok Shop, for the per-connection
 * stock sync tests: the Shopify stock world (stock-world.ts: fulfillment-service location, three
 * warehouses with lanes) plus an Etsy shop and a TikTok shop connected through the sandboxes'
 * consent, with the SKUs listed there and their listing ids in skus.channel_refs. Etsy listings
 * carry a variant Corridor does not stock and a second listing it never touches; the TikTok SKU
 * with two warehouses keeps the one that is not Corridor's.
 */
import { and, eq, sql } from "drizzle-orm";
import { marketplaceChannels } from "../../../app/channels/registry.server";
import type { Config } from "../../../app/config.server";
import type { Database } from "../../../app/db/client.server";
import { channelConnections, skus as skusTable } from "../../../app/db/schema";
import type { EtsySandbox } from "../../sandboxes/etsy";
import type { ShopifySandbox } from "../../sandboxes/shopify";
import type { TiktokSandbox } from "../../sandboxes/tiktok";
import { seedStockShop, skuName, type StockShop } from "./stock-world";

export const ETSY_USER_ID = 53888612;
/** Corridor's TikTok warehouse, and another the seller ships from themselves. */
export const TTS_WAREHOUSE = "7100000000000000001";
export const TTS_OTHER_WAREHOUSE = "7100000000000000002";

export interface MultiChannelShop extends StockShop {
  skus: string[];
  etsyConnectionId: number;
  ttsConnectionId: number;
  etsyListingId: number;
  /** A listing of the same Etsy shop with no Corridor SKU: never written. */
  etsyOtherListingId: number;
  ttsProductId: string;
  ttsSkuIds: Map<string, string>;
  /** Etsy's quantity per SKU, read from the sandbox. */
  etsyLevels(): Map<string, number | undefined>;
  /** TikTok's quantity at Corridor's warehouse per SKU, read from the sandbox. */
  tiktokLevels(): Map<string, number | undefined>;
}

export async function seedMultiChannelShop(
  db: Database,
  config: Config,
  sandboxes: { shopify: ShopifySandbox; etsy: EtsySandbox; tts: TiktokSandbox },
  opts: { domain: string; etsyShopId: number; skuCount: number },
): Promise<MultiChannelShop> {
  const shop = await seedStockShop(db, sandboxes.shopify, { domain: opts.domain, skuCount: opts.skuCount });
  const skus = Array.from({ length: opts.skuCount }, (_, i) => skuName(i));
  const { etsy, tts } = sandboxes;
  const channels = marketplaceChannels(config);

  // Etsy: the merchant's consent through the sandbox, as Channel.beginConnect/completeConnect do it.
  etsy.state.addShop(opts.etsyShopId, ETSY_USER_ID + opts.etsyShopId);
  const redirectUri = "https://corridor.example/channels/etsy/callback";
  const start = channels.etsy!.beginConnect({ redirectUri, state: "st" });
  const consent = await fetch(start.url, { redirect: "manual" });
  const code = new URL(consent.headers.get("location")!).searchParams.get("code")!;
  const [etsyAccount] = await channels.etsy!.completeConnect({ code, redirectUri, verifier: start.verifier, now: new Date() });
  const listing = etsy.state.addListing(opts.etsyShopId, [...skus.map((sku) => ({ sku, quantity: 0 })), { sku: "ETSY-ONLY-PRINT", quantity: 7, price: 3450 }]);
  const other = etsy.state.addListing(opts.etsyShopId, [{ sku: "HANDMADE-CARD", quantity: 3 }]);

  const ttsShop = tts.state.addShop(`TTS ${opts.domain}`);
  const [ttsAccount] = await channels.tiktok!.completeConnect({ code: tts.state.issueAuthCode([ttsShop.id]), redirectUri: "", now: new Date() });
  // The last SKU is also in the seller's own warehouse, which Corridor must list back unchanged.
  const product = tts.state.addProduct(
    ttsShop.id,
    skus.map((sku, i): { sellerSku: string; warehouses: Record<string, number> } => ({
      sellerSku: sku,
      warehouses: i === skus.length - 1 ? { [TTS_WAREHOUSE]: 0, [TTS_OTHER_WAREHOUSE]: 5 } : { [TTS_WAREHOUSE]: 0 },
    })),
  );
  const ttsSkuIds = new Map(product.skus.map((s) => [s.seller_sku, s.id]));

  const [etsyRow] = await db.insert(channelConnections).values({ shopId: shop.shopId, channel: "etsy", externalAccountId: etsyAccount!.externalAccountId, credentials: { ...etsyAccount!.credentials } }).returning();
  const [ttsRow] = await db
    .insert(channelConnections)
    .values({ shopId: shop.shopId, channel: "tiktok", externalAccountId: ttsAccount!.externalAccountId, credentials: { ...ttsAccount!.credentials, warehouseId: TTS_WAREHOUSE } })
    .returning();
  for (const sku of skus) {
    const refs = { etsy: { listingId: String(listing.listing_id) }, tiktok: { productId: product.id, skuId: ttsSkuIds.get(sku)! } };
    await db
      .update(skusTable)
      .set({ channelRefs: sql`${skusTable.channelRefs} || ${JSON.stringify(refs)}::jsonb` })
      .where(and(eq(skusTable.shopId, shop.shopId), eq(skusTable.sku, sku)));
  }
  return {
    ...shop,
    skus,
    etsyConnectionId: etsyRow!.id,
    ttsConnectionId: ttsRow!.id,
    etsyListingId: listing.listing_id,
    etsyOtherListingId: other.listing_id,
    ttsProductId: product.id,
    ttsSkuIds,
    etsyLevels: () => new Map(skus.map((sku) => [sku, etsy.state.quantityOf(listing.listing_id, sku)])),
    tiktokLevels: () => new Map(skus.map((sku) => [sku, tts.state.quantityOf(product.id, ttsSkuIds.get(sku)!, TTS_WAREHOUSE)])),
  };
}
