/**
 * Reads one Shopify order's shipments and tracking events for the shopper-facing order-status block.
 * The order is found by shop AND Shopify order id together: the shop comes from a verified session
 * token, so another shop's token can never reach this order's rows.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { allocations, orders, shops, trackingEvents, warehouses } from "../db/schema";
import { buildParcelJourney, type EventInput, type ParcelJourney } from "../domain/tracking/journey";
import { CARRIERS, isCarrierCode } from "../warehouses/carriers";

/** Our carrier code → the name shoppers know; unknown codes are shown as stored. */
const carrierName = (code: string | null): string | null => (code === null ? null : isCarrierCode(code) ? CARRIERS[code].name : code);

export interface ParcelJourneyQuery {
  /** Shop domain ("example.myshopify.com"), from the verified token's `dest`. */
  shopDomain: string;
  /** Shopify's numeric order id as a string (orders.external_id); never a Number: ids exceed 2^53. */
  shopifyOrderId: string;
}

/** The order's journey, or null when this shop has no such Shopify order (or is not installed). */
export async function loadParcelJourney(db: Database, q: ParcelJourneyQuery): Promise<(ParcelJourney & { orderName: string }) | null> {
  const [order] = await db
    .select({ id: orders.id, name: orders.name, destinationCountry: orders.destinationCountry })
    .from(orders)
    .innerJoin(shops, eq(shops.id, orders.shopId))
    .where(and(eq(shops.domain, q.shopDomain), eq(shops.status, "active"), eq(orders.channel, "shopify"), eq(orders.externalId, q.shopifyOrderId)));
  if (!order) return null;

  const legs = await db
    .select({ allocation: allocations, warehouseCountry: warehouses.countryCode })
    .from(allocations)
    .innerJoin(warehouses, eq(warehouses.id, allocations.warehouseId))
    .where(eq(allocations.orderId, order.id))
    .orderBy(asc(allocations.id));
  const ids = legs.map((l) => l.allocation.id);
  const events = ids.length
    ? await db.select().from(trackingEvents).where(inArray(trackingEvents.allocationId, ids)).orderBy(asc(trackingEvents.happenedAt), asc(trackingEvents.id))
    : [];
  const eventsByLeg = new Map<number, EventInput[]>();
  for (const e of events) {
    const list = eventsByLeg.get(e.allocationId) ?? [];
    list.push({ id: e.id, status: e.status, sequence: e.sequence, happenedAt: e.happenedAt, carrierName: carrierName(e.carrier), trackingNumber: e.trackingNumber, location: e.location, message: e.message });
    eventsByLeg.set(e.allocationId, list);
  }

  const journey = buildParcelJourney(
    legs.map(({ allocation: a, warehouseCountry }) => ({
      id: a.id,
      status: a.status,
      carrierName: carrierName(a.carrier),
      trackingNumber: a.trackingNumber,
      trackingUrl: a.trackingUrl,
      crossBorder: warehouseCountry.toUpperCase() !== order.destinationCountry.toUpperCase(),
      expectedDeliveryAt: a.expectedDeliveryAt,
      shippedAt: a.shippedAt,
      deliveredAt: a.deliveredAt,
      events: eventsByLeg.get(a.id) ?? [],
    })),
  );
  return { orderName: order.name, ...journey };
}
