/**
 * Tracking back to Etsy and TikTok Shop: the push-tracking job's pusher for each marketplace.
 *
 * A shipment becomes one Channel.pushShipment call: Etsy createReceiptShipment, TikTok Mark Package
 * As Shipped. Neither platform has an idempotency key, so the channel adapters read the order first
 * and adopt a shipment already carrying the tracking number; allocations.channel_fulfillment_id
 * records what the platform answered, and once set a later push (a retry, a redelivered warehouse
 * event, a carrier handover) creates nothing: Etsy would e-mail the buyer again, TikTok refuses a
 * second package for shipped line items.
 *
 * Progress events are not pushed: Etsy and TikTok take no per-event tracking from sellers, they
 * follow the carrier themselves from the tracking number. pushEvent answers so, and does not fail.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { allocationLines, allocations, orderLines, orders } from "../db/schema";
import type { HandlerContext } from "../inbox/topic-handler";
import { CorridorError } from "../lib/errors";
import { TRACKING_PUSHERS, type TrackingPusher } from "../tracking/push-to-storefront.server";
import { CARRIERS, isCarrierCode } from "../warehouses/carriers";
import type { ShipmentPush } from "./channel";
import { connectionOfOrder, requireChannel, withConnection, type MarketplaceId } from "./marketplace-ingest.server";
import { marketplaceChannels } from "./registry.server";

/** What Etsy and TikTok call the carrier: the name both list ("USPS"), not our code ("usps"). */
export function carrierName(code: string | null): string | undefined {
  if (!code) return undefined;
  return isCarrierCode(code) ? CARRIERS[code].name : code;
}

async function pushShipment(ctx: HandlerContext, id: MarketplaceId, allocationId: number): Promise<string> {
  const channel = requireChannel<{ refreshToken: string }>(marketplaceChannels(ctx.config)[id], id);
  const [row] = await ctx.db
    .select({ allocation: allocations, order: { id: orders.id, shopId: orders.shopId, channel: orders.channel, externalId: orders.externalId, name: orders.name } })
    .from(allocations)
    .innerJoin(orders, eq(orders.id, allocations.orderId))
    .where(eq(allocations.id, allocationId));
  if (!row) throw new CorridorError("ALLOCATION_NOT_FOUND", `allocation ${allocationId} does not exist`);
  const { allocation, order } = row;
  if (order.channel !== id) throw new CorridorError("WRONG_CHANNEL", `allocation ${allocationId} belongs to a ${order.channel} order, not ${id}`);
  if (allocation.channelFulfillmentId) return `already on ${id} as ${allocation.channelFulfillmentId}`;
  if (!allocation.trackingNumber) throw new CorridorError("NOT_SHIPPED_YET", `allocation ${allocationId} has no tracking number yet`, { retryable: true });
  const carrier = carrierName(allocation.carrier);
  if (!carrier) throw new CorridorError("NO_CARRIER", `allocation ${allocationId} shipped without a carrier`, { retryable: true });

  const lines = await ctx.db
    .select({ externalLineId: orderLines.externalLineId, sku: allocationLines.sku, quantity: allocationLines.quantity })
    .from(allocationLines)
    .innerJoin(orderLines, eq(orderLines.id, allocationLines.orderLineId))
    .where(eq(allocationLines.allocationId, allocationId));
  const shipment: ShipmentPush = { carrier, trackingNumber: allocation.trackingNumber, ...(allocation.trackingUrl ? { trackingUrl: allocation.trackingUrl } : {}), lines };

  const connection = await connectionOfOrder<{ refreshToken: string }>(ctx, order);
  const result = await withConnection(ctx, channel, connection, (fresh) => channel.pushShipment(fresh, { externalId: order.externalId }, shipment));
  await ctx.db
    .update(allocations)
    .set({ channelFulfillmentId: result.channelFulfillmentId, updatedAt: sql`now()` })
    .where(and(eq(allocations.id, allocationId), isNull(allocations.channelFulfillmentId)));
  ctx.logger.info({ allocationId, orderId: order.id, channel: id, channelFulfillmentId: result.channelFulfillmentId, alreadyExisted: result.alreadyExisted }, "tracking pushed to marketplace");
  return `${result.alreadyExisted ? "adopted" : "created"} ${result.channelFulfillmentId} on ${id}`;
}

function marketplacePusher(id: MarketplaceId): TrackingPusher {
  return {
    pushShipment: (ctx, allocationId) => pushShipment(ctx, id, allocationId),
    // Documented limitation of the platforms, not a failure: the job completes with the reason.
    pushEvent: async (_ctx, trackingEventId) => `not supported by channel: ${id} takes no per-event tracking from sellers (event ${trackingEventId} kept in Corridor)`,
  };
}

TRACKING_PUSHERS.etsy = marketplacePusher("etsy");
TRACKING_PUSHERS.tiktok = marketplacePusher("tiktok");
