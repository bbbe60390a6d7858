/**
 * The storefront connection a stock push writes to: its shop, Corridor's fulfillment-service
 * location there, and the markets it sells to. The location id is the one
 * registerFulfillmentService stores in channel_connections.credentials.locationId.
 */
import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { channelConnections, shops } from "../db/schema";
import type { Markets } from "../domain/stock/available-to-sell";

export interface StockConnection {
  connectionId: number;
  shopId: number;
  shopDomain: string;
  /** gid://shopify/Location/<n>: Corridor's fulfillment-service location. */
  locationId: string;
  /** credentials.markets (ISO alpha-2) when the merchant limited them, else "all". */
  markets: Markets;
}

export type StockConnectionLookup = { ok: true; connection: StockConnection } | { ok: false; reason: string };

export async function loadStockConnection(db: Database, connectionId: number): Promise<StockConnectionLookup> {
  const [row] = await db
    .select({ id: channelConnections.id, channel: channelConnections.channel, status: channelConnections.status, credentials: channelConnections.credentials, shopId: shops.id, domain: shops.domain, shopStatus: shops.status })
    .from(channelConnections)
    .innerJoin(shops, eq(shops.id, channelConnections.shopId))
    .where(eq(channelConnections.id, connectionId));
  if (!row) return { ok: false, reason: `no channel connection ${connectionId}` };
  if (row.channel !== "shopify") return { ok: false, reason: `stock push to ${row.channel} is not built yet` };
  if (row.status !== "connected" || row.shopStatus !== "active") return { ok: false, reason: `connection is ${row.status}, shop is ${row.shopStatus}` };
  const credentials = row.credentials as { locationId?: unknown; markets?: unknown };
  if (typeof credentials.locationId !== "string" || !credentials.locationId) {
    return { ok: false, reason: "no fulfillment-service location yet (register the fulfillment service first)" };
  }
  const markets = Array.isArray(credentials.markets) && credentials.markets.every((m) => typeof m === "string") ? (credentials.markets as string[]) : "all";
  return { ok: true, connection: { connectionId: row.id, shopId: row.shopId, shopDomain: row.domain, locationId: credentials.locationId, markets } };
}

/** The Shopify connections of a shop (or of every active shop) that stock is pushed to. */
export async function stockConnectionIds(db: Database, shopDomain?: string): Promise<Array<{ connectionId: number; shopDomain: string }>> {
  const rows = await db
    .select({ connectionId: channelConnections.id, shopDomain: shops.domain })
    .from(channelConnections)
    .innerJoin(shops, eq(shops.id, channelConnections.shopId))
    .where(and(eq(channelConnections.channel, "shopify"), eq(channelConnections.status, "connected"), eq(shops.status, "active"), shopDomain ? eq(shops.domain, shopDomain) : undefined))
    .orderBy(channelConnections.id);
  return rows;
}
