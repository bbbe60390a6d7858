/**
 * TikTok Shop behind the Channel interface: one factory, one config type.
 */
import { OrderNotReadyError, type Channel, type ChannelConnection, type OrderRef, type StockPushResult } from "../channel";
import { InvalidPayloadError, PartnerError } from "../../lib/errors";
import { productSearchCatalogPage } from "./catalog";
import { TiktokClient } from "./client";
import { orderToCanonical, pickLineItems, planInventoryUpdate } from "./map";
import { credentialsFromToken, exchangeTiktokCode, getAuthorizedShops, refreshTiktokToken, tiktokAuthorizationUrl, tiktokNeedsRefresh, type TiktokCredentials } from "./oauth";
import { verifyTiktokWebhook } from "./verify";
import type { TiktokInventorySearch, TiktokOrder, TiktokProductSearch } from "./wire";

export type { TiktokCredentials } from "./oauth";

export interface TiktokChannelConfig {
  appKey: string;
  appSecret: string;
  /** Default https://open-api.tiktokglobalshop.com; the sandbox origin in tests and the demo. */
  apiOrigin?: string;
  /** Default https://auth.tiktok-shops.com. */
  authOrigin?: string;
  /** Partner Center service id, for the current authorisation link. */
  serviceId?: string;
  maxRequestsPerSecond?: number;
  webhookMaxAgeSeconds?: number;
  now?: () => number;
  fetch?: typeof fetch;
}

type TiktokConnection = ChannelConnection<TiktokCredentials>;

const PAGE_SIZE = 100;
const FIRST_POLL_LOOKBACK_S = 24 * 3600;

export function createTiktokChannel(config: TiktokChannelConfig): Channel<TiktokCredentials> {
  const authOrigin = config.authOrigin ?? "https://auth.tiktok-shops.com";
  const client = new TiktokClient({
    appKey: config.appKey,
    appSecret: config.appSecret,
    apiOrigin: config.apiOrigin ?? "https://open-api.tiktokglobalshop.com",
    authOrigin,
    maxRequestsPerSecond: config.maxRequestsPerSecond,
    now: config.now,
    fetch: config.fetch,
  });

  const shopCall = <T>(connection: TiktokConnection, method: "GET" | "POST", path: string, opts: { query?: Record<string, string>; body?: unknown } = {}) =>
    client.call<T>({ method, path, accessToken: connection.credentials.accessToken, shopCipher: connection.credentials.shopCipher, ...opts });

  function orderIdOf(ref: OrderRef): string {
    if (!("externalId" in ref) || !/^\d+$/.test(ref.externalId)) throw new InvalidPayloadError("TIKTOK_BAD_ORDER_REF", "TikTok orders are referenced by numeric id");
    return ref.externalId;
  }

  async function getOrder(connection: TiktokConnection, orderId: string): Promise<TiktokOrder> {
    const data = await shopCall<{ orders: TiktokOrder[] }>(connection, "GET", "/order/202309/orders", { query: { ids: orderId } });
    const order = data.orders.find((o) => o.id === orderId);
    if (!order) throw new PartnerError("TIKTOK_ORDER_NOT_FOUND", `order ${orderId} not returned by Get Order Detail`, { retryable: false });
    return order;
  }

  return {
    id: "tiktok",

    verifyWebhook: (headers, rawBody, now) => verifyTiktokWebhook(config.appKey, config.appSecret, headers, rawBody, now, config.webhookMaxAgeSeconds),

    async fetchOrder(connection, ref) {
      const order = await getOrder(connection, orderIdOf(ref));
      // UNPAID and ON_HOLD (buyer may still cancel) must not reach a warehouse; CANCELLED still
      // maps, so a routed order learns it was cancelled.
      if (order.status === "UNPAID" || order.status === "ON_HOLD") throw new OrderNotReadyError("tiktok", order.id, order.status);
      return orderToCanonical(order, connection.externalAccountId);
    },

    async pushStock(connection, levels) {
      const result: StockPushResult = { pushed: [], skipped: [] };
      const byProduct = new Map<string, { sku: string; skuId: string; warehouseId?: string; quantity: number }[]>();
      for (const level of levels) {
        const productId = level.channelRef?.productId;
        const skuId = level.channelRef?.skuId;
        if (!productId || !skuId) {
          result.skipped.push({ sku: level.sku, reason: "no TikTok productId/skuId in channel refs" });
          continue;
        }
        const list = byProduct.get(productId) ?? [];
        list.push({ sku: level.sku, skuId, ...(level.locationRef ? { warehouseId: level.locationRef } : {}), quantity: level.available });
        byProduct.set(productId, list);
      }
      for (const [productId, list] of byProduct) {
        // Every warehouse of a SKU must be in the update; read them first so none is left out.
        const current = await shopCall<TiktokInventorySearch>(connection, "POST", "/product/202309/inventory/search", { body: { product_ids: [productId] } });
        const plan = planInventoryUpdate(current, productId, list);
        if (plan.body.skus.length > 0) await shopCall(connection, "POST", `/product/202309/products/${productId}/inventory/update`, { body: plan.body });
        const skuOf = (skuId: string) => list.find((l) => l.skuId === skuId)?.sku ?? skuId;
        for (const p of plan.pushed) result.pushed.push({ sku: skuOf(p.skuId), locationRef: p.warehouseId, quantity: p.quantity });
        for (const s of plan.skipped) result.skipped.push({ sku: skuOf(s.skuId), reason: s.reason });
      }
      return result;
    },

    async pushShipment(connection, ref, shipment) {
      const orderId = orderIdOf(ref);
      const order = await getOrder(connection, orderId);
      // TikTok has no idempotency key here: a tracking number already on the order's items means
      // an earlier attempt landed, so this one creates nothing.
      const done = order.line_items.find((item) => item.tracking_number === shipment.trackingNumber);
      if (done) return { channelFulfillmentId: done.package_id ?? `${orderId}:${shipment.trackingNumber}`, alreadyExisted: true };
      if (!order.delivery_option_id) throw new PartnerError("TIKTOK_NO_DELIVERY_OPTION", `order ${orderId} has no delivery_option_id`, { retryable: false });
      const providers = await shopCall<{ shipping_providers: { id: string; name: string }[] }>(
        connection,
        "GET",
        `/logistics/202309/delivery_options/${order.delivery_option_id}/shipping_providers`,
      );
      const wanted = shipment.carrier.trim().toLowerCase();
      const provider = providers.shipping_providers.find((p) => p.name.trim().toLowerCase() === wanted) ?? providers.shipping_providers.find((p) => p.name.toLowerCase().includes(wanted));
      if (!provider) {
        throw new PartnerError("TIKTOK_UNKNOWN_CARRIER", `carrier "${shipment.carrier}" is not a TikTok shipping provider for delivery option ${order.delivery_option_id}`, {
          retryable: false,
          merchantMessage: `TikTok Shop does not accept "${shipment.carrier}" as a carrier for this order. Choose a carrier TikTok lists for it.`,
        });
      }
      const lineItemIds = pickLineItems(order, shipment.lines);
      const created = await shopCall<{ package_id?: string; order_id?: string }>(connection, "POST", `/fulfillment/202309/orders/${orderId}/packages`, {
        body: { tracking_number: shipment.trackingNumber, shipping_provider_id: provider.id, order_line_item_ids: lineItemIds },
      });
      return { channelFulfillmentId: created.package_id ?? `${orderId}:${shipment.trackingNumber}`, alreadyExisted: false };
    },

    beginConnect({ state }) {
      return { url: tiktokAuthorizationUrl({ authOrigin, appKey: config.appKey, state, ...(config.serviceId ? { serviceId: config.serviceId } : {}) }) };
    },

    async completeConnect({ code }) {
      const token = await exchangeTiktokCode(client, code);
      const { shops } = await getAuthorizedShops(client, token.access_token);
      return shops.map((shop) => ({ externalAccountId: shop.id, credentials: credentialsFromToken(token, shop) }));
    },

    needsRefresh: (connection, now) => tiktokNeedsRefresh(connection.credentials, now),

    async refreshCredentials(connection, now) {
      if (!tiktokNeedsRefresh(connection.credentials, now)) return null;
      const token = await refreshTiktokToken(client, connection.credentials.refreshToken);
      return credentialsFromToken(token, { id: connection.credentials.shopId, cipher: connection.credentials.shopCipher });
    },

    async listCatalog(connection, cursor) {
      // page_size and page_token are query parameters; the filter is the body. Live products only:
      // Update Inventory refuses the others.
      const query: Record<string, string> = { page_size: String(PAGE_SIZE) };
      if (cursor) query.page_token = cursor;
      const data = await shopCall<TiktokProductSearch>(connection, "POST", "/product/202309/products/search", { query, body: { status: "ACTIVATE" } });
      return productSearchCatalogPage(data);
    },

    async pollOrders(connection, cursor, now) {
      const since = cursor === null ? Math.floor(now.getTime() / 1000) - FIRST_POLL_LOOKBACK_S : Number(cursor);
      let newest = since;
      const refs: OrderRef[] = [];
      let pageToken = "";
      do {
        const query: Record<string, string> = { page_size: String(PAGE_SIZE), sort_field: "update_time", sort_order: "ASC" };
        if (pageToken) query.page_token = pageToken;
        const page = await shopCall<{ orders: TiktokOrder[]; next_page_token?: string }>(connection, "POST", "/order/202309/orders/search", { query, body: { update_time_ge: since } });
        for (const order of page.orders) {
          refs.push({ externalId: order.id });
          newest = Math.max(newest, order.update_time);
        }
        pageToken = page.next_page_token ?? "";
      } while (pageToken);
      return { refs, cursor: String(newest) };
    },
  };
}
