/**
 * The shopper's view of an order's parcels: one leg per shipment, each with its carrier, tracking,
 * status, customs step and estimated delivery, and the events in the order they happened.
 *
 * Pure: the caller reads the rows and names the carriers. Events arrive late and out of order
 * (tracking_events keeps them all), so a leg's status is the event with the highest progress rank
 * (`sequence`), never the last one received: a late "in transit" after "delivered" is history only.
 */

/** An allocation (one shipment) as stored, reduced to what a shopper may see. */
export interface LegInput {
  /** Stable per shipment; orders the legs (allocations are created in routing order). */
  id: number;
  /** allocations.status: reserved … shipped, in_transit, delivered, cancelled, failed. */
  status: string;
  carrierName: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  /** The parcel crosses a border (warehouse country ≠ destination), so it meets customs. */
  crossBorder: boolean;
  expectedDeliveryAt: Date | null;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  events: readonly EventInput[];
}

export interface EventInput {
  id: number;
  /** A TrackingStatus ("in_transit", "in_customs", "delivered", …). */
  status: string;
  /** Progress rank (TRACKING_RANK) stored with the event. */
  sequence: number;
  happenedAt: Date;
  carrierName: string | null;
  trackingNumber: string | null;
  location: string | null;
  message: string | null;
}

export type CustomsStatus = "not_required" | "pending" | "in_customs" | "cleared";

export interface JourneyEvent {
  status: string;
  happenedAt: string;
  carrier: string | null;
  trackingNumber: string | null;
  location: string | null;
  message: string | null;
}

export interface JourneyLeg {
  /** 1-based position among the order's shipments ("Parcel 1 of 2"). */
  number: number;
  /** Latest progress: the top-ranked event's status, else the shipment's own stage. */
  status: string;
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  /** Numbers this parcel carried before a hand-over (line-haul → local carrier), oldest first. */
  previousTrackingNumbers: string[];
  customs: CustomsStatus;
  estimatedDelivery: string | null;
  deliveredAt: string | null;
  /** Oldest first, by when they happened (not when we heard of them). */
  events: JourneyEvent[];
}

export interface ParcelJourney {
  legs: JourneyLeg[];
  /** The order's customs step: the least advanced of its cross-border legs. */
  customs: CustomsStatus;
  /** When the last undelivered parcel is expected; null once all arrived or when unknown. */
  estimatedDelivery: string | null;
}

/** Shipment stages before any carrier event, in words a shopper reads. */
const STAGE_STATUS: Record<string, string> = {
  reserved: "processing",
  dispatching: "processing",
  accepted: "processing",
  picked: "preparing",
  packed: "preparing",
  shipped: "shipped",
  in_transit: "in_transit",
  delivered: "delivered",
};

/** Shipments that never left, or were replaced by a reroute, are not part of the journey. */
const DROPPED = new Set(["cancelled", "failed"]);

const byHappened = (a: EventInput, b: EventInput) =>
  a.happenedAt.getTime() - b.happenedAt.getTime() || a.sequence - b.sequence || a.id - b.id;

/** Highest rank wins; between equals (delivered vs failure) the later one. */
function topEvent(events: readonly EventInput[]): EventInput | undefined {
  let top: EventInput | undefined;
  for (const e of events) {
    if (!top || e.sequence > top.sequence || (e.sequence === top.sequence && byHappened(e, top) > 0)) top = e;
  }
  return top;
}

function customsOf(leg: LegInput, status: string): CustomsStatus {
  if (!leg.crossBorder) return "not_required";
  const seen = new Set(leg.events.map((e) => e.status));
  // Delivered or out for delivery in the destination means the parcel cleared, logged or not.
  if (seen.has("customs_released") || status === "delivered" || status === "out_for_delivery") return "cleared";
  if (seen.has("in_customs")) return "in_customs";
  return "pending";
}

function previousNumbers(events: readonly EventInput[], current: string | null): string[] {
  const numbers: string[] = [];
  for (const e of events) {
    if (e.trackingNumber && e.trackingNumber !== current && !numbers.includes(e.trackingNumber)) numbers.push(e.trackingNumber);
  }
  return numbers;
}

export function buildParcelJourney(legs: readonly LegInput[]): ParcelJourney {
  const live = legs.filter((l) => !DROPPED.has(l.status)).sort((a, b) => a.id - b.id);
  const shaped = live.map((leg, i): JourneyLeg => {
    const events = [...leg.events].sort(byHappened);
    const top = topEvent(events);
    const status = top?.status ?? STAGE_STATUS[leg.status] ?? "processing";
    const delivered = status === "delivered" || leg.status === "delivered";
    const deliveredAt = delivered ? (leg.deliveredAt ?? (top?.status === "delivered" ? top.happenedAt : null)) : null;
    return {
      number: i + 1,
      status: delivered ? "delivered" : status,
      carrier: leg.carrierName,
      trackingNumber: leg.trackingNumber,
      trackingUrl: leg.trackingUrl,
      previousTrackingNumbers: previousNumbers(events, leg.trackingNumber),
      customs: customsOf(leg, delivered ? "delivered" : status),
      estimatedDelivery: delivered ? null : (leg.expectedDeliveryAt?.toISOString() ?? null),
      deliveredAt: deliveredAt?.toISOString() ?? null,
      events: events.map((e) => ({
        status: e.status,
        happenedAt: e.happenedAt.toISOString(),
        carrier: e.carrierName,
        trackingNumber: e.trackingNumber,
        location: e.location,
        message: e.message,
      })),
    };
  });
  return { legs: shaped, customs: orderCustoms(shaped), estimatedDelivery: lastEstimate(shaped) };
}

const CUSTOMS_ORDER: readonly CustomsStatus[] = ["pending", "in_customs", "cleared"];

function orderCustoms(legs: readonly JourneyLeg[]): CustomsStatus {
  const crossing = legs.filter((l) => l.customs !== "not_required");
  if (crossing.length === 0) return "not_required";
  return crossing.reduce<CustomsStatus>((least, l) => (CUSTOMS_ORDER.indexOf(l.customs) < CUSTOMS_ORDER.indexOf(least) ? l.customs : least), "cleared");
}

function lastEstimate(legs: readonly JourneyLeg[]): string | null {
  const pending = legs.filter((l) => l.status !== "delivered");
  // One undelivered parcel without an estimate makes the order's date unknown, not earlier.
  if (pending.length === 0 || pending.some((l) => l.estimatedDelivery === null)) return null;
  return pending.map((l) => l.estimatedDelivery!).sort().at(-1)!;
}
