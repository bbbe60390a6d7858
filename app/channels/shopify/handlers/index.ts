/** Shopify topics Corridor subscribes to (shopify.app.toml) and the handler of each. */
import type { TopicHandler } from "../../../inbox/topic-handler";
import { handleAppUninstalled } from "./handle-app-uninstalled.server";
import { handleCustomersDataRequest, handleCustomersRedact, handleShopRedact } from "./handle-compliance.server";
import { handleFulfillmentRequest } from "./handle-fulfillment-request.server";
import { handleOrders } from "./handle-orders.server";

export const shopifyTopicHandlers: Readonly<Record<string, TopicHandler>> = {
  "orders/create": handleOrders,
  "orders/updated": handleOrders,
  "orders/cancelled": handleOrders,
  "fulfillment_orders/fulfillment_request_submitted": handleFulfillmentRequest,
  "fulfillment_orders/cancellation_request_submitted": handleFulfillmentRequest,
  "fulfillment_orders/cancelled": handleFulfillmentRequest,
  fulfillment_order_notification: handleFulfillmentRequest,
  "app/uninstalled": handleAppUninstalled,
  "customers/data_request": handleCustomersDataRequest,
  "customers/redact": handleCustomersRedact,
  "shop/redact": handleShopRedact,
};
