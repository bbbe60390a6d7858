/**
 * fulfillmentCreate, fulfillmentTrackingInfoUpdate, fulfillmentEventCreate (contract §3.4–3.5).
 * fulfillmentCreate enforces: every fulfillment order of one call belongs to the same order and
 * location, has been accepted by the service, and has the quantities left to ship.
 */
import { gid, parseGid } from "../ids";
import type { FulfillmentRec, TrackingInfoRec } from "../state";
import { userError, type Args, type RootResolver } from "./common";
import { findFo } from "./fulfillment-orders";
import { eventView, fulfillmentView } from "./views";

/** Event status → the fulfillment's displayStatus Shopify then shows. */
const DISPLAY_FOR_EVENT: Record<string, string> = {
  LABEL_PURCHASED: "LABEL_PURCHASED", LABEL_PRINTED: "LABEL_PRINTED", CONFIRMED: "CONFIRMED", READY_FOR_PICKUP: "READY_FOR_PICKUP",
  CARRIER_PICKED_UP: "CARRIER_PICKED_UP", IN_TRANSIT: "IN_TRANSIT", OUT_FOR_DELIVERY: "OUT_FOR_DELIVERY",
  ATTEMPTED_DELIVERY: "ATTEMPTED_DELIVERY", DELAYED: "DELAYED", DELIVERED: "DELIVERED", FAILURE: "FAILURE",
};

function trackingFrom(input: Args | null | undefined): TrackingInfoRec[] {
  if (!input) return [];
  const numbers = (input.numbers as string[] | null | undefined) ?? (input.number ? [input.number as string] : []);
  const urls = (input.urls as string[] | null | undefined) ?? (input.url ? [input.url as string] : []);
  const company = (input.company as string | null | undefined) ?? null;
  if (numbers.length === 0) return urls.map((url) => ({ company, number: null, url }));
  return numbers.map((number, i) => ({ company, number, url: urls[i] ?? null }));
}

const findFulfillment = (shop: Parameters<RootResolver>[1]["shop"], id: unknown): FulfillmentRec | undefined => {
  const n = parseGid(id, "Fulfillment");
  return n === undefined ? undefined : shop.fulfillments.get(BigInt(n));
};

export const fulfillmentMutations: Record<string, RootResolver> = {
  fulfillmentCreate(args, { state, shop, notify }) {
    const input = args.fulfillment as Args;
    const groups = input.lineItemsByFulfillmentOrder as Args[];
    const fail = (field: string[], message: string) => ({ fulfillment: null, userErrors: [userError(field, message)] });
    if (groups.length === 0) return fail(["fulfillment", "lineItemsByFulfillmentOrder"], "Line items by fulfillment order must not be empty.");
    const fos = groups.map((g) => findFo(shop, g.fulfillmentOrderId));
    if (fos.some((fo) => !fo)) return fail(["fulfillment", "lineItemsByFulfillmentOrder"], "Fulfillment order does not exist.");
    const first = fos[0]!;
    if (fos.some((fo) => fo!.orderId !== first.orderId)) return fail(["fulfillment"], "All fulfillment orders must belong to the same order.");
    if (fos.some((fo) => fo!.locationId !== first.locationId)) return fail(["fulfillment"], "All fulfillment orders must be assigned to the same location.");
    for (const fo of fos) {
      if (!["ACCEPTED", "CANCELLATION_REJECTED"].includes(fo!.requestStatus) || !["IN_PROGRESS", "OPEN"].includes(fo!.status)) {
        return fail(["fulfillment"], `Fulfillment order ${gid("FulfillmentOrder", fo!.id)} has an unfulfillable status= ${fo!.status.toLowerCase()} request_status= ${fo!.requestStatus.toLowerCase()}.`);
      }
    }
    // Plan all lines first so a bad quantity leaves nothing half-applied.
    const plan: Array<{ line: { remainingQuantity: number; id: bigint }; quantity: number }> = [];
    groups.forEach((g, gi) => {
      const fo = fos[gi]!;
      const wanted = g.fulfillmentOrderLineItems as Args[] | null | undefined;
      if (!wanted) for (const line of fo.lineItems) if (line.remainingQuantity > 0) plan.push({ line, quantity: line.remainingQuantity });
      for (const w of wanted ?? []) {
        const lineId = parseGid(w.id, "FulfillmentOrderLineItem");
        const line = fo.lineItems.find((l) => String(l.id) === lineId);
        plan.push({ line: line ?? { id: -1n, remainingQuantity: -1 }, quantity: w.quantity as number });
      }
    });
    for (const p of plan) {
      if (p.line.id === -1n) return fail(["fulfillment", "lineItemsByFulfillmentOrder"], "Fulfillment order line item does not exist.");
      if (p.quantity <= 0 || p.quantity > p.line.remainingQuantity) return fail(["fulfillment", "lineItemsByFulfillmentOrder"], "Invalid fulfillment order line item quantity requested.");
    }
    const now = state.iso();
    for (const p of plan) p.line.remainingQuantity -= p.quantity;
    for (const fo of fos) {
      if (fo!.lineItems.every((l) => l.remainingQuantity === 0)) fo!.status = "CLOSED";
      fo!.updatedAt = now;
    }
    const tracking = trackingFrom(input.trackingInfo as Args | null);
    const origin = input.originAddress as Args | null | undefined;
    const f: FulfillmentRec = {
      id: state.ids.mint(), orderId: first.orderId, locationId: first.locationId, fulfillmentOrderIds: fos.map((fo) => fo!.id),
      lines: plan.map((p) => ({ fulfillmentOrderLineId: p.line.id, quantity: p.quantity })),
      status: "SUCCESS", displayStatus: "FULFILLED", createdAt: now, updatedAt: now, deliveredAt: null, inTransitAt: null,
      estimatedDeliveryAt: null, trackingInfo: tracking, trackingHistory: [tracking], notifyCustomerCount: input.notifyCustomer ? 1 : 0,
      events: [], originCountryCode: (origin?.countryCode as string | undefined) ?? null,
    };
    shop.fulfillments.set(f.id, f);
    notify("fulfillments/create", { id: f.id, admin_graphql_api_id: gid("Fulfillment", f.id), order_id: f.orderId, status: "success", created_at: now, updated_at: now,
      tracking_company: tracking[0]?.company ?? null, tracking_number: tracking[0]?.number ?? null, tracking_numbers: tracking.map((t) => t.number).filter(Boolean),
      tracking_url: tracking[0]?.url ?? null, tracking_urls: tracking.map((t) => t.url).filter(Boolean), location_id: f.locationId });
    return { fulfillment: fulfillmentView(shop, f), userErrors: [] };
  },

  fulfillmentTrackingInfoUpdate(args, { state, shop }) {
    const f = findFulfillment(shop, args.fulfillmentId);
    if (!f) return { fulfillment: null, userErrors: [userError(["fulfillmentId"], "Fulfillment does not exist.")] };
    if (f.status === "CANCELLED") return { fulfillment: null, userErrors: [userError(["fulfillmentId"], "Cannot update tracking of a cancelled fulfillment.")] };
    f.trackingInfo = trackingFrom(args.trackingInfoInput as Args);
    f.trackingHistory.push(f.trackingInfo);
    if (args.notifyCustomer) f.notifyCustomerCount += 1;
    f.updatedAt = state.iso();
    return { fulfillment: fulfillmentView(shop, f), userErrors: [] };
  },

  fulfillmentEventCreate(args, { state, shop }) {
    const input = args.fulfillmentEvent as Args;
    const f = findFulfillment(shop, input.fulfillmentId);
    if (!f) return { fulfillmentEvent: null, userErrors: [userError(["fulfillmentEvent", "fulfillmentId"], "Fulfillment does not exist.")] };
    const now = state.iso();
    const str = (k: string) => (input[k] as string | null | undefined) ?? null;
    const num = (k: string) => (input[k] as number | null | undefined) ?? null;
    const event = {
      id: state.ids.mint(), status: input.status as string, happenedAt: str("happenedAt") ?? now, createdAt: now,
      estimatedDeliveryAt: str("estimatedDeliveryAt"), message: str("message"), address1: str("address1"), city: str("city"),
      province: str("province"), zip: str("zip"), country: str("country"), latitude: num("latitude"), longitude: num("longitude"),
    };
    f.events.push(event);
    f.displayStatus = DISPLAY_FOR_EVENT[event.status] ?? f.displayStatus;
    if (event.status === "DELIVERED") f.deliveredAt = event.happenedAt;
    if (event.status === "IN_TRANSIT" && !f.inTransitAt) f.inTransitAt = event.happenedAt;
    if (event.estimatedDeliveryAt) f.estimatedDeliveryAt = event.estimatedDeliveryAt;
    f.updatedAt = now;
    return { fulfillmentEvent: eventView(event), userErrors: [] };
  },
};

export const fulfillmentQueries: Record<string, RootResolver> = {
  fulfillment(args, { shop }) {
    const f = findFulfillment(shop, args.id);
    return f ? fulfillmentView(shop, f) : null;
  },
};
