/**
 * Shopify behind the Channel interface (app/channels/channel.ts). Most Shopify work does not go
 * through it: fulfillment requests are answered by the fulfillment-order poll (./fulfillment) and
 * shipments of routed allocations by ./tracking, which know Corridor's rows. This adapter serves the
 * channel-neutral callers: verify a delivery, fetch and normalise an order, push available stock to
 * Corridor's location, add tracking to an order by its lines.
 *
 * The offline token lives in the session table (Shopify's session storage), not in
 * channel_connections.credentials, so the caller passes a resolver for it.
 */
import { headerValue, type Channel, type ChannelConnection, type OrderRef, type ShipmentPush, type ShipmentPushResult, type WebhookHeaders, type WebhookVerdict } from "../channel";
import { CorridorError, InvalidPayloadError } from "../../lib/errors";
import type { Logger } from "../../lib/logger.server";
import { createAdminClient, type AdminClient } from "./admin-client.server";
import { fetchShopifyOrder } from "./fulfillment/ensure-order.server";
import { pushShopifyStock } from "./stock/push-shopify-stock.server";
import type { ShopifyCredentials } from "./fulfillment/register-fulfillment-service.server";
import { normalizeGraphqlOrder } from "./normalize-graphql-order";
import { CORRIDOR_FULFILLMENT_CREATE } from "./operations/fulfillments";
import { CORRIDOR_ORDER_FULFILLMENT_ORDERS } from "./operations/shipments";
import { findFulfillmentByTracking, notifyCustomerOf } from "./tracking/push-shipment.server";
import { planFulfillmentLines } from "./tracking/plan-fulfillment-lines";
import { trackingInput } from "./tracking/tracking-input";
import { verifyShopifyDelivery } from "./verify-webhook";

export interface ShopifyChannelConfig {
  /** Client secrets accepted for HMACs: the current one, plus the old one during a rotation hour. */
  apiSecrets: readonly string[];
  /** The shop's offline Admin token (session storage); null when the shop is not connected. */
  accessToken(shopDomain: string): Promise<string | null>;
  /** SHOPIFY_ADMIN_API_ORIGIN: the sandbox in tests and the demo. */
  adminOrigin?: string;
  logger: Logger;
  now?: () => Date;
}

type ShopifyConnection = ChannelConnection<ShopifyCredentials>;


export function createShopifyChannel(config: ShopifyChannelConfig): Channel<ShopifyCredentials> {
  async function client(connection: ShopifyConnection): Promise<AdminClient> {
    const shopDomain = connection.externalAccountId;
    const token = await config.accessToken(shopDomain);
    if (!token) throw new CorridorError("SHOPIFY_NOT_CONNECTED", `no offline token for ${shopDomain}`, { merchantMessage: "Corridor has no access to your Shopify store. Open Corridor from your Shopify admin to reconnect it." });
    return createAdminClient({ shopDomain, accessToken: token, origin: config.adminOrigin, logger: config.logger });
  }

  function orderGid(ref: OrderRef): string {
    if (!("externalId" in ref) || !/^\d+$/.test(ref.externalId)) {
      throw new InvalidPayloadError("UNSUPPORTED_ORDER_REF", "Shopify orders are addressed by their numeric id, never by a URL");
    }
    return `gid://shopify/Order/${ref.externalId}`;
  }

  return {
    id: "shopify",

    verifyWebhook(headers: WebhookHeaders, rawBody: Buffer, now: Date): WebhookVerdict {
      // Only the fulfillment service's ping comes without a topic (it has its own intake path).
      return verifyShopifyDelivery(config.apiSecrets, headers, rawBody, now, headerValue(headers, "x-shopify-topic") ? "webhook" : "fulfillment-callback");
    },

    async fetchOrder(connection, ref) {
      const { order, lines } = await fetchShopifyOrder(await client(connection), orderGid(ref));
      return normalizeGraphqlOrder(connection.externalAccountId, order, lines);
    },

    async pushStock(connection, levels, opts) {
      const locationId = connection.credentials.locationId;
      if (!locationId) throw new CorridorError("SHOPIFY_NO_LOCATION", `${connection.externalAccountId} has no fulfillment-service location yet (register the fulfillment service first)`);
      const now = config.now ?? (() => new Date());
      return pushShopifyStock(
        { client: await client(connection), locationId, logger: config.logger, now, referenceDocumentUri: `gid://corridor/StockSync/${connection.id}-${now().getTime()}` },
        levels,
        opts,
      );
    },

    async pushShipment(connection, ref, shipment: ShipmentPush): Promise<ShipmentPushResult> {
      const admin = await client(connection);
      const gid = orderGid(ref);
      const existing = await findFulfillmentByTracking(admin, gid, shipment.trackingNumber);
      if (existing) return { channelFulfillmentId: existing, alreadyExisted: true };
      const result = await admin.request(CORRIDOR_ORDER_FULFILLMENT_ORDERS, { id: gid });
      // Only work Shopify gave Corridor (its location, accepted) can be fulfilled by Corridor.
      const ours = (result.order?.fulfillmentOrders.nodes ?? []).filter(
        (fo) => ["ACCEPTED", "CANCELLATION_REJECTED"].includes(fo.requestStatus) && (!connection.credentials.locationId || fo.assignedLocation.location?.id === connection.credentials.locationId),
      );
      const plan = planFulfillmentLines(
        shipment.lines.map((l) => ({ lineItemId: l.externalLineId, quantity: l.quantity })),
        ours.map((fo) => ({ id: fo.id, lines: fo.lineItems.nodes.map((l) => ({ id: l.id, lineItemId: l.lineItem.id, remainingQuantity: l.remainingQuantity })) })),
      );
      if (plan.groups.length === 0 || plan.missing.length) {
        throw new CorridorError("FULFILLMENT_LINES_UNAVAILABLE", `order ${gid}: no open accepted lines for ${plan.missing.map((m) => `${m.quantity} × ${m.lineItemId}`).join(", ")}`);
      }
      const created = await admin.request(CORRIDOR_FULFILLMENT_CREATE, {
        fulfillment: {
          lineItemsByFulfillmentOrder: plan.groups,
          trackingInfo: trackingInput(shipment.carrier, shipment.trackingNumber, shipment.trackingUrl),
          notifyCustomer: notifyCustomerOf(ours.flatMap((fo) => fo.merchantRequests.nodes)),
        },
      });
      const id = created.fulfillmentCreate?.fulfillment?.id;
      if (!id) throw new CorridorError("SHOPIFY_NO_FULFILLMENT", `fulfillmentCreate for ${gid} returned no fulfillment`, { retryable: true });
      return { channelFulfillmentId: id, alreadyExisted: false };
    },

    beginConnect() {
      throw new CorridorError("NOT_SUPPORTED", "Shopify installs through managed installation and token exchange in the embedded app (app/shopify.server.ts), or `corridor shops connect` for custom apps");
    },

    async completeConnect() {
      throw new CorridorError("NOT_SUPPORTED", "Shopify installs through managed installation and token exchange in the embedded app");
    },

    async refreshCredentials() {
      // Offline tokens live in Shopify's session storage, refreshed by @shopify/shopify-app-remix.
      return null;
    },

    needsRefresh: () => false,
  };
}
