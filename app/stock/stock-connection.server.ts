/**
 * The storefront connections stock is pushed to, one per channel_connections row (Shopify, Etsy,
 * TikTok Shop), and what a push needs of each: its shop, the location it sets stock at, and the
 * markets it sells to. Only plain (unsealed) credential fields are read here — Shopify's
 * fulfillment-service location id, markets, TikTok's warehouse; tokens are opened by the channel
 * helpers (marketplace-ingest) when the push calls the platform.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { channelConnections, sessionTable, shops } from "../db/schema";
import type { ChannelId } from "../domain/order";
import type { Markets } from "../domain/stock/available-to-sell";
import { offlineSessionId } from "../channels/shopify/fulfillment/shop-admin.server";

export interface StockTarget {
  connectionId: number;
  shopId: number;
  shopDomain: string;
  channel: ChannelId;
  /** The platform account: myshopify domain, Etsy shop_id, TikTok shop id. */
  externalAccountId: string;
  /**
   * storefront_stock.location_ref: Shopify's gid://shopify/Location/<n> (Corridor's
   * fulfillment-service location); TikTok's credentials.warehouseId when set; "" for Etsy (one
   * pool) and for TikTok SKUs with a single warehouse.
   */
  locationRef: string;
  /** credentials.markets (ISO alpha-2) when the merchant limited them, else "all". */
  markets: Markets;
}

export type StockTargetLookup = { ok: true; target: StockTarget } | { ok: false; reason: string };

export async function loadStockTarget(db: Database, connectionId: number): Promise<StockTargetLookup> {
  const [row] = await db
    .select({ id: channelConnections.id, channel: channelConnections.channel, account: channelConnections.externalAccountId, status: channelConnections.status, credentials: channelConnections.credentials, shopId: shops.id, domain: shops.domain, shopStatus: shops.status })
    .from(channelConnections)
    .innerJoin(shops, eq(shops.id, channelConnections.shopId))
    .where(eq(channelConnections.id, connectionId));
  if (!row) return { ok: false, reason: `no channel connection ${connectionId}` };
  // needs_reauth keeps its pending changes; they are pushed once the merchant reconnects.
  if (row.status !== "connected" || row.shopStatus !== "active") return { ok: false, reason: `connection is ${row.status}, shop is ${row.shopStatus}` };
  const plain = row.credentials as { locationId?: unknown; warehouseId?: unknown; markets?: unknown };
  let locationRef = "";
  if (row.channel === "shopify") {
    if (typeof plain.locationId !== "string" || !plain.locationId) return { ok: false, reason: "no fulfillment-service location yet (register the fulfillment service first)" };
    const [session] = await db.select({ id: sessionTable.id }).from(sessionTable).where(eq(sessionTable.id, offlineSessionId(row.account)));
    if (!session) return { ok: false, reason: "no offline access token (connect the shop first)" };
    locationRef = plain.locationId;
  } else if (row.channel === "tiktok" && typeof plain.warehouseId === "string") locationRef = plain.warehouseId;
  const markets = Array.isArray(plain.markets) && plain.markets.every((m) => typeof m === "string") ? (plain.markets as string[]) : "all";
  return { ok: true, target: { connectionId: row.id, shopId: row.shopId, shopDomain: row.domain, channel: row.channel, externalAccountId: row.account, locationRef, markets } };
}

/** The connected storefront connections of a shop (or of every active shop) that stock is pushed to, Shopify first. */
export async function stockConnectionIds(db: Database, shopDomain?: string, channels?: readonly ChannelId[]): Promise<Array<{ connectionId: number; shopDomain: string; channel: ChannelId }>> {
  return db
    .select({ connectionId: channelConnections.id, shopDomain: shops.domain, channel: channelConnections.channel })
    .from(channelConnections)
    .innerJoin(shops, eq(shops.id, channelConnections.shopId))
    .where(
      and(
        eq(channelConnections.status, "connected"),
        eq(shops.status, "active"),
        shopDomain ? eq(shops.domain, shopDomain) : undefined,
        channels ? inArray(channelConnections.channel, [...channels]) : undefined,
      ),
    )
    // Shopify first: single-storefront callers (the inventory page) keep showing the Shopify store.
    .orderBy(sql`${channelConnections.channel} <> 'shopify'`, channelConnections.id);
}
