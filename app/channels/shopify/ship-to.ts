/** Shopify's address fields (REST or GraphQL, already renamed) → the canonical ship-to, nulls dropped. */
import type { ShipTo } from "../../domain/order";

export function toShipTo(fields: { [K in keyof ShipTo]: string | null | undefined } & { countryCode: string }): ShipTo {
  const shipTo: ShipTo = { countryCode: fields.countryCode };
  for (const [key, value] of Object.entries(fields) as [keyof ShipTo, string | null | undefined][]) {
    if (value != null) shipTo[key] = value;
  }
  return shipTo;
}
