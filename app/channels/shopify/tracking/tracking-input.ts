/**
 * Tracking info as Shopify wants it (contract §3.4, §3.7): `company` only when it is exactly a name
 * on Shopify's list (case-sensitive); otherwise no company and always the URL, because a name
 * outside the list gets no link and Shopify may guess one from the number format, wrongly. Pure.
 */
import { CARRIERS, isCarrierCode, trackingUrl } from "../../../warehouses/carriers";

export interface ShopifyTrackingInput {
  company?: string;
  number: string;
  url?: string;
}

const SHOPIFY_NAMES = new Set(Object.values(CARRIERS).map((c) => c.shopifyCompany).filter((n): n is string => n !== null));

/** Our carrier code ("usps") or a carrier's name ("YunExpress") → Shopify's exact company, or null. */
export function shopifyCompany(carrier: string | null | undefined): string | null {
  if (!carrier) return null;
  if (isCarrierCode(carrier)) return CARRIERS[carrier].shopifyCompany;
  return SHOPIFY_NAMES.has(carrier) ? carrier : null;
}

export function trackingInput(carrier: string | null | undefined, number: string, url: string | null | undefined): ShopifyTrackingInput {
  const company = shopifyCompany(carrier);
  const link = url ?? (carrier && isCarrierCode(carrier) ? trackingUrl(carrier, number) : undefined);
  return { ...(company ? { company } : {}), number, ...(link ? { url: link } : {}) };
}

/** Shopify's event message for the customs steps it has no status of its own for. */
export function customsMessage(status: string, location: string | null, message: string | null): string | undefined {
  if (status === "in_customs") return `Held at customs${location ? ` in ${location}` : ""}${message ? `: ${message}` : ""}`;
  if (status === "customs_released") return `Released by customs${location ? ` in ${location}` : ""}`;
  return message ?? undefined;
}
