/**
 * Registers Corridor as ONE fulfillment service per shop, with one location standing for Corridor's
 * whole warehouse network (docs/shopify-fulfillment.md says why). Idempotent: the ids are kept in
 * the shop's Shopify connection, and a stored service is never created again. Shopify refuses a
 * second service with the same name, so a crash between create and store is healed by the operator
 * re-linking (the userError names it) rather than by a silent duplicate.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { channelConnections } from "../../../db/schema";
import { ensureShop } from "../../../shops/ensure-shop.server";
import type { AdminClient } from "../admin-client.server";
import { CORRIDOR_FULFILLMENT_SERVICE_CREATE } from "../operations/fulfillment-service";

/** What Corridor keeps in channel_connections.credentials for a Shopify shop. */
export interface ShopifyCredentials {
  /** gid://shopify/FulfillmentService/<n> */
  fulfillmentServiceId?: string;
  /** gid://shopify/Location/<n>: the one location Shopify assigns Corridor's work to. */
  locationId?: string;
  [key: string]: unknown;
}

export const FULFILLMENT_SERVICE_NAME = "Corridor";

/** `<SHOPIFY_APP_URL>/webhooks/shopify`: Shopify appends /fulfillment_order_notification. */
export const fulfillmentCallbackUrl = (appUrl: string) => `${appUrl.replace(/\/+$/, "")}/webhooks/shopify`;

export interface Registration {
  fulfillmentServiceId: string;
  locationId: string;
  created: boolean;
}

export async function registerFulfillmentService(client: AdminClient, opts: { appUrl: string; db: Database }): Promise<Registration> {
  const shopDomain = client.shopDomain;
  const shop = await ensureShop(opts.db, shopDomain);
  const [connection] = await opts.db
    .insert(channelConnections)
    .values({ shopId: shop.id, channel: "shopify", externalAccountId: shopDomain })
    .onConflictDoUpdate({ target: [channelConnections.channel, channelConnections.externalAccountId], set: { shopId: sql`${channelConnections.shopId}` } })
    .returning({ id: channelConnections.id, credentials: channelConnections.credentials });
  const held = connection!.credentials as ShopifyCredentials;
  if (held.fulfillmentServiceId && held.locationId) return { fulfillmentServiceId: held.fulfillmentServiceId, locationId: held.locationId, created: false };

  const result = await client.request(CORRIDOR_FULFILLMENT_SERVICE_CREATE, { name: FULFILLMENT_SERVICE_NAME, callbackUrl: fulfillmentCallbackUrl(opts.appUrl) });
  const service = result.fulfillmentServiceCreate?.fulfillmentService;
  if (!service?.location) throw new Error(`fulfillmentServiceCreate for ${shopDomain} returned no service or location`);
  const ids = { fulfillmentServiceId: service.id, locationId: service.location.id };
  // jsonb || merges: tokens or other keys already in credentials stay.
  await opts.db.execute(sql`UPDATE channel_connections SET credentials = credentials || ${JSON.stringify(ids)}::jsonb WHERE id = ${connection!.id}`);
  return { ...ids, created: true };
}
