/**
 * How a stock push reaches a connection's storefront: its Channel, with credentials loaded and
 * kept fresh by the channel helpers. Shopify's Admin token lives in the session table (Shopify's
 * session storage) and its location id in plain credentials, so its connection is used as read;
 * Etsy and TikTok go through marketplace-ingest (sealed tokens opened there, refreshed before
 * expiry, and a refused token flags the connection for the merchant to reconnect).
 */
import { eq } from "drizzle-orm";
import type { Channel, StockLevel, StockPushOptions, StockPushResult } from "../channels/channel";
import { findConnection, requireChannel, withConnection, type MarketplaceId } from "../channels/marketplace-ingest.server";
import { marketplaceChannels } from "../channels/registry.server";
import { createShopifyChannel } from "../channels/shopify/channel";
import type { ShopifyCredentials } from "../channels/shopify/fulfillment/register-fulfillment-service.server";
import { channelConnections } from "../db/schema";
import type { HandlerContext } from "../inbox/topic-handler";
import { CorridorError } from "../lib/errors";
import { secretBoxFor } from "../lib/secret-box.server";
import { offlineAccessToken } from "../shops/sealed-session-storage.server";
import type { StockTarget } from "./stock-connection.server";

export type StockPusher = (levels: readonly StockLevel[], opts: StockPushOptions) => Promise<StockPushResult>;

type Ctx = Pick<HandlerContext, "db" | "config" | "logger" | "now">;

function shopifyChannel(ctx: Ctx): Channel<ShopifyCredentials> {
  return createShopifyChannel({
    // Stock pushes verify nothing; the CLI runs without the app's secrets.
    apiSecrets: ctx.config.SHOPIFY_API_SECRET ? [ctx.config.SHOPIFY_API_SECRET] : [],
    // Stored sealed (SealedSessionStorage): opened here, never sent as stored.
    accessToken: async (shopDomain) => (await offlineAccessToken(ctx.db, secretBoxFor(ctx.config), shopDomain)) ?? null,
    adminOrigin: ctx.config.SHOPIFY_ADMIN_API_ORIGIN,
    logger: ctx.logger,
    now: ctx.now,
  });
}

/** The pushStock of a connection's channel, bound to the connection. */
export async function stockPusherFor(ctx: Ctx, target: StockTarget): Promise<StockPusher> {
  if (target.channel === "shopify") {
    const channel = shopifyChannel(ctx);
    const [row] = await ctx.db.select().from(channelConnections).where(eq(channelConnections.id, target.connectionId));
    if (!row) throw new CorridorError("CHANNEL_CONNECTION_GONE", `connection ${target.connectionId} is gone`);
    // No secrets in Shopify's credentials (the token is in the session table): the plain row is the connection.
    const connection = { ...row, credentials: row.credentials as ShopifyCredentials };
    return (levels, opts) => channel.pushStock(connection, levels, opts);
  }
  const id: MarketplaceId = target.channel;
  const channel = requireChannel<{ refreshToken: string }>(marketplaceChannels(ctx.config)[id] as Channel<{ refreshToken: string }> | undefined, id);
  const connection = await findConnection<{ refreshToken: string }>(ctx, id, target.externalAccountId);
  if (!connection) throw new CorridorError("CHANNEL_CONNECTION_GONE", `${id} connection ${target.connectionId} is gone`);
  return (levels, opts) => withConnection(ctx, channel, connection, (fresh) => channel.pushStock(fresh, levels, opts));
}
