/**
 * The Admin client for one shop's background work, or the reason there is none. Work stops for a
 * shop that is not active (app/uninstalled revokes its sessions and marks it uninstalled) and for
 * a shop without an offline token: both are answers, not errors, so a poll job ends quietly.
 */
import { and, eq } from "drizzle-orm";
import { channelConnections, sessionTable, shops } from "../../../db/schema";
import { recordException } from "../../../exceptions/record-exception.server";
import type { HandlerContext } from "../../../inbox/topic-handler";
import type { ChannelAuthError } from "../../channel";
import { flagNeedsReauth } from "../../connection-store.server";
import { secretBoxFor } from "../../../lib/secret-box.server";
import { offlineSessionId, openSessionToken } from "../../../shops/sealed-session-storage.server";
import { createAdminClient, type AdminClient } from "../admin-client.server";
import type { ShopifyCredentials } from "./register-fulfillment-service.server";

export interface ShopAdmin {
  shopId: number;
  shopDomain: string;
  client: AdminClient;
  /** channel_connections.credentials of the shop's Shopify connection ({} when none yet). */
  credentials: ShopifyCredentials;
}

export type ShopAdminLookup = { ok: true; admin: ShopAdmin } | { ok: false; reason: string };

export { offlineSessionId } from "../../../shops/sealed-session-storage.server";

export async function shopAdmin(ctx: Pick<HandlerContext, "db" | "config" | "logger">, shopDomain: string): Promise<ShopAdminLookup> {
  // One read for the shop, its offline token and its connection: every push and poll starts here.
  const [shop] = await ctx.db
    .select({ id: shops.id, status: shops.status, sealedToken: sessionTable.accessToken, connectionId: channelConnections.id, credentials: channelConnections.credentials })
    .from(shops)
    .leftJoin(sessionTable, eq(sessionTable.id, offlineSessionId(shopDomain)))
    .leftJoin(channelConnections, and(eq(channelConnections.channel, "shopify"), eq(channelConnections.externalAccountId, shopDomain)))
    .where(eq(shops.domain, shopDomain));
  if (!shop) return { ok: false, reason: `unknown shop ${shopDomain}` };
  if (shop.status !== "active") return { ok: false, reason: `shop is ${shop.status}` };
  if (!shop.sealedToken) return { ok: false, reason: "no offline access token (connect the shop first)" };
  const accessToken = openSessionToken(secretBoxFor(ctx.config), shop.sealedToken);
  const connectionId = shop.connectionId;
  const client = createAdminClient({
    shopDomain,
    accessToken,
    origin: ctx.config.SHOPIFY_ADMIN_API_ORIGIN,
    logger: ctx.logger,
    ...(connectionId !== null ? { onUnauthorized: (error: ChannelAuthError) => flagShopifyReauth(ctx, connectionId, shopDomain, error) } : {}),
  });
  return { ok: true, admin: { shopId: shop.id, shopDomain, client, credentials: (shop.credentials ?? {}) as ShopifyCredentials } };
}

/**
 * Shopify refused the shop's token (401): the Channels page shows the store as needing the merchant
 * to open Corridor again (which exchanges a fresh token), and one exception says so. Nothing else stops.
 */
async function flagShopifyReauth(ctx: Pick<HandlerContext, "db" | "logger">, connectionId: number, shopDomain: string, error: ChannelAuthError): Promise<void> {
  if (!(await flagNeedsReauth(ctx.db, connectionId, error.message, new Date()))) return;
  await recordException(ctx.db, {
    kind: "sync_failed",
    subject: `connection:${connectionId}`,
    shopDomain,
    code: error.code,
    reason: `shopify ${shopDomain}: ${error.message}`,
    merchantMessage: error.merchantMessage ?? null,
    replay: { connectionId },
  });
  ctx.logger.warn({ connectionId, shop: shopDomain }, "shopify: token refused; connection flagged for the merchant to reconnect");
}
