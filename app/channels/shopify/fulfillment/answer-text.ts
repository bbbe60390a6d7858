/**
 * What Corridor tells Shopify when it answers a fulfillment request: pure, so the mapping a
 * merchant reads in the Shopify admin is tested without I/O.
 */
import type { FulfillmentOrderRejectionReason } from "../../../types/admin.types";
import type { RoutedDecision, UnroutableCode } from "../../../domain/routing/types";

/**
 * Routing's reason → Shopify's closest FulfillmentOrderRejectionReason (contract §3.3). NO_LANE is
 * INTERNATIONAL_SHIPPING_UNAVAILABLE when no warehouse sits in the destination country (the order
 * would have to cross a border nobody ships across), UNDELIVERABLE_DESTINATION otherwise.
 */
export function rejectionReason(code: UnroutableCode | string, opts: { domesticWarehouseExists: boolean }): FulfillmentOrderRejectionReason {
  switch (code) {
    case "NO_STOCK":
      return "INVENTORY_OUT_OF_STOCK";
    case "NO_LANE":
      return opts.domesticWarehouseExists ? "UNDELIVERABLE_DESTINATION" : "INTERNATIONAL_SHIPPING_UNAVAILABLE";
    case "LITHIUM_RESTRICTED":
    case "PROHIBITED":
      return "INELIGIBLE_PRODUCT";
    case "NO_SHIPPING_ADDRESS":
      return "INCORRECT_ADDRESS";
    default:
      return "OTHER";
  }
}

export interface AcceptanceText {
  message: string;
  /** The earliest carrier handover among the allocations, as Shopify's DateTime. */
  estimatedShippedAt: string | undefined;
}

/** "Corridor will ship this from Ho Chi Minh City (VN-HCM) by 2026-11-26." */
export function acceptanceText(decision: Pick<RoutedDecision, "allocations">, warehouseNames: ReadonlyMap<string, string>): AcceptanceText {
  const codes = [...new Set(decision.allocations.map((a) => a.warehouseCode))];
  const named = codes.map((code) => {
    const name = warehouseNames.get(code);
    return name && name !== code ? `${name} (${code})` : code;
  });
  const handovers = decision.allocations.map((a) => a.delivery.handoverDate).sort();
  const first = handovers[0];
  const where = named.length === 1 ? named[0] : `${named.slice(0, -1).join(", ")} and ${named.at(-1)} (split shipment)`;
  return {
    message: `Corridor will ship this from ${where}${first ? ` by ${first}` : ""}.`,
    // A handover date is warehouse-local; its end of day in UTC never promises earlier than we can ship.
    estimatedShippedAt: first ? `${first}T23:59:59Z` : undefined,
  };
}

export const CANCELLATION_TOO_LATE = (orderName: string, detail: string) =>
  `Order ${orderName} has already left the warehouse (${detail}), so Corridor can no longer cancel it. Ask the customer to refuse the delivery or start a return.`;
