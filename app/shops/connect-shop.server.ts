/**
 * Connects a Shopify store by an Admin API token (custom apps on development stores, tests, the demo)
 * without the OAuth/token-exchange round trip: the offline session the Shopify libraries would have
 * stored, and the shop's Shopify channel connection.
 */
import type { Database } from "../db/client.server";
import { channelConnections, sessionTable } from "../db/schema";
import { ensureShop } from "./ensure-shop.server";

export const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export async function connectShopByToken(db: Database, domain: string, accessToken: string): Promise<{ shopId: number }> {
  return db.transaction(async (tx) => {
    const shop = await ensureShop(tx, domain);
    const session = { id: `offline_${domain}`, shop: domain, state: "custom-app", isOnline: false, accessToken, scope: null };
    await tx.insert(sessionTable).values(session).onConflictDoUpdate({ target: sessionTable.id, set: { accessToken } });
    await tx
      .insert(channelConnections)
      .values({ shopId: shop.id, channel: "shopify", externalAccountId: domain, status: "connected" })
      .onConflictDoUpdate({ target: [channelConnections.channel, channelConnections.externalAccountId], set: { status: "connected" } });
    return { shopId: shop.id };
  });
}
