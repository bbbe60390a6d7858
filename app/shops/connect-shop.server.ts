/**
 * Connects a Shopify store by an Admin API token (custom apps on development stores, tests, the demo)
 * without the OAuth/token-exchange round trip: the offline session the Shopify libraries would have
 * stored (token sealed, as SealedSessionStorage stores it), and the shop's Shopify channel connection.
 */
import type { Database, Transaction } from "../db/client.server";
import { channelConnections, sessionTable } from "../db/schema";
import type { SecretBox } from "../lib/secret-box.server";
import { ensureShop } from "./ensure-shop.server";
import { offlineSessionId, sealSessionToken } from "./sealed-session-storage.server";

export const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** `box` seals the token: pass `secretBoxFor(config)` of the processes that will read it. */
export async function connectShopByToken(db: Database, domain: string, accessToken: string, box: SecretBox): Promise<{ shopId: number }> {
  return db.transaction(async (tx) => {
    const shop = await ensureShop(tx, domain);
    const sealed = sealSessionToken(box, accessToken);
    const session = { id: offlineSessionId(domain), shop: domain, state: "custom-app", isOnline: false, accessToken: sealed, scope: null };
    await tx.insert(sessionTable).values(session).onConflictDoUpdate({ target: sessionTable.id, set: { accessToken: sealed } });
    await markShopifyConnected(tx, shop.id, domain);
    return { shopId: shop.id };
  });
}

/** The shop's Shopify connection is live again (a fresh token): clears a needs_reauth left by a 401. */
export async function markShopifyConnected(db: Database | Transaction, shopId: number, domain: string): Promise<void> {
  await db
    .insert(channelConnections)
    .values({ shopId, channel: "shopify", externalAccountId: domain, status: "connected" })
    .onConflictDoUpdate({ target: [channelConnections.channel, channelConnections.externalAccountId], set: { status: "connected", statusReason: null } });
}
