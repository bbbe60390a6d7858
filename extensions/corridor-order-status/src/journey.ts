/**
 * The answer of Corridor's GET /api/order-status/:orderId (app/domain/tracking/journey.ts is the
 * source of truth; this copy is kept by hand because the extension is bundled on its own).
 */
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
  number: number;
  status: string;
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  previousTrackingNumbers: string[];
  customs: CustomsStatus;
  estimatedDelivery: string | null;
  deliveredAt: string | null;
  events: JourneyEvent[];
}

export interface ParcelJourney {
  legs: JourneyLeg[];
  customs: CustomsStatus;
  estimatedDelivery: string | null;
}

/**
 * Corridor's public origin (SHOPIFY_APP_URL of the deployment). Extensions are bundled ahead of
 * time and cannot read the app's environment, so set this before `shopify app deploy`.
 */
export const CORRIDOR_ORIGIN = "https://corridor.example.com";

/** The order GID from the Order API, sent as-is; the backend reads the shop from the token only. */
export async function fetchJourney(orderGid: string, sessionToken: string): Promise<ParcelJourney> {
  const res = await fetch(`${CORRIDOR_ORIGIN}/api/order-status/${encodeURIComponent(orderGid)}`, {
    headers: { Authorization: `Bearer ${sessionToken}` },
  });
  if (!res.ok) throw new Error(`Corridor answered ${res.status}`);
  return (await res.json()) as ParcelJourney;
}
