/** Small builders for routing inputs: defaults that route, overrides that say what a test is about. */
import type { CanonicalOrder, OrderLine } from "~/domain/order";
import type { CandidateWarehouse, FxRates, RoutingInput, RoutingLane, RoutingPolicy } from "~/domain/routing/types";

export function line(sku: string, quantity: number, over: Partial<OrderLine> = {}): OrderLine {
  return { externalLineId: `L-${sku}-${quantity}`, sku, quantity, unitPrice: 1500, currency: "USD", weightGrams: 500, ...over };
}

export function order(lines: OrderLine[], country = "US"): CanonicalOrder {
  return {
    channel: "shopify", shopDomain: "saigon-silk.myshopify.com", externalId: "5001", name: "#1001",
    updatedAt: "2026-11-02T08:00:00Z", placedAt: "2026-11-02T08:00:00Z", currency: "USD", lines, shipTo: { countryCode: country },
  };
}

export function lane(over: Partial<RoutingLane> = {}): RoutingLane {
  return {
    destinations: ["US"], mode: "ground", carrier: "USPS", transitDaysMin: 2, transitDaysMax: 4, baseCost: 500, perKgCost: 200,
    surcharges: {}, currency: "USD", allowsLithium: false, ddp: false, ...over,
  };
}

export function warehouse(id: string, over: Partial<CandidateWarehouse> = {}): CandidateWarehouse {
  return {
    id, code: id.toUpperCase(), name: `Warehouse ${id}`, countryCode: "US", kind: "overseas", priority: 0,
    capabilities: { lithium: false, ddp: false }, handlingFee: 0, feeCurrency: "USD", cutoffTime: "14:00", timeZone: "UTC",
    dutiesPrepaid: false, stock: {}, lanes: [lane()], ...over,
  };
}

export const USD: FxRates = { reportingCurrency: "USD", rates: { USD: 1, EUR: 1.08, GBP: 1.27, JPY: 0.0067, AUD: 0.66, VND: 0.0000394 } };

export const cheapest: RoutingPolicy = { objective: "cheapest", maxSplits: 2 };

/** 2026-11-02 08:00 UTC: before a 14:00 UTC cut-off. */
export const MORNING = new Date("2026-11-02T08:00:00Z");

export function input(o: CanonicalOrder, warehouses: CandidateWarehouse[], over: Partial<RoutingInput> = {}): RoutingInput {
  return { order: o, warehouses, policy: cheapest, fx: USD, now: MORNING, ...over };
}
