/**
 * Shopify's tracking pusher: the shape app/tracking's push-tracking job calls per channel
 * (`pushShipment(ctx, allocationId)`, `pushEvent(ctx, trackingEventId)`).
 */
import { pushShipmentToShopify } from "./push-shipment.server";
import { pushTrackingEventToShopify } from "./push-tracking-event.server";

export const shopifyTrackingPusher = { pushShipment: pushShipmentToShopify, pushEvent: pushTrackingEventToShopify } as const;

export { pushShipmentToShopify, pushTrackingEventToShopify };
export { updateTrackingOnShopify } from "./update-tracking.server";
