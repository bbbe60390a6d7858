/**
 * What the routing engine takes and gives. Inputs mirror the warehouses / warehouse_lanes /
 * inventory_levels rows of app/db/schema.ts (ids as strings); the output is plain JSON, because it
 * is stored with the order (orders.routing_decision) and shown later by the admin, CLI and support.
 */
import type { CanonicalOrder, CountryCode, CurrencyCode } from "../order";
import type { CostTerm } from "./cost-term";

export type LaneMode = "air" | "sea" | "ground" | "express";

/** One warehouse_lanes row: what a warehouse can ship where, how fast, at what price. */
export interface RoutingLane {
  /** Destination countries served (ISO alpha-2, upper case). */
  destinations: readonly CountryCode[];
  mode: LaneMode;
  carrier: string | null;
  transitDaysMin: number;
  transitDaysMax: number;
  /** Per shipment, minor units of `currency`. */
  baseCost: number;
  /** Per kilogram of goods, minor units of `currency`; charged on exact grams, not rounded up. */
  perKgCost: number;
  /** Named per-shipment surcharges in minor units of `currency`: { fuel: 120, remote: 300 }. */
  surcharges: Readonly<Record<string, number>>;
  currency: CurrencyCode;
  /** The carrier accepts lithium batteries on this lane (only consulted for air and express). */
  allowsLithium: boolean;
  ddp: boolean;
}

export interface WarehouseCapabilities {
  /** The warehouse is trained and allowed to hand lithium batteries to air/express carriers. */
  lithium: boolean;
  ddp: boolean;
  /** SKUs, dangerous-goods classes (`otherClasses`) or lithium kinds ("ion_loose") it refuses to ship. */
  prohibited?: readonly string[];
}

/** A warehouses row plus its lanes and its available stock (on hand − reserved − safety buffer). */
export interface CandidateWarehouse {
  id: string;
  code: string;
  name: string;
  countryCode: CountryCode;
  kind: "origin" | "overseas";
  /** Higher wins a tie that preference did not settle. */
  priority: number;
  capabilities: WarehouseCapabilities;
  /** Per shipment, minor units of `feeCurrency`. */
  handlingFee: number;
  feeCurrency: CurrencyCode;
  /** Daily cut-off "HH:MM" in `timeZone`: an order routed after it is handed over the next day. */
  cutoffTime: string;
  /** IANA zone ("Asia/Ho_Chi_Minh"). */
  timeZone: string;
  /** Import duty on stock here was settled at bulk import, so parcels from here owe none. */
  dutiesPrepaid: boolean;
  /** Available units per SKU; missing means none. */
  stock: Readonly<Record<string, number>>;
  lanes: readonly RoutingLane[];
}

export type RoutingObjective = "cheapest" | "fastest" | "balanced";

export interface RoutingPolicy {
  /**
   * cheapest: lowest total cost, then earliest delivery. fastest: earliest latest-delivery, then cost.
   * balanced: cheapest among plans that deliver within `promiseDays`; if none can, the plan that
   * misses it by the fewest days (then cost).
   */
  objective: RoutingObjective;
  /** Delivery promise in days from now (balanced only; without it balanced acts as cheapest). */
  promiseDays?: number;
  /** How many extra shipments an order may be split into: 0 never splits, 1 allows two parcels. */
  maxSplits: number;
  preferredWarehouseIds?: readonly string[];
  blockedWarehouseIds?: readonly string[];
}

/** FX into one reporting currency, in major units: rates.EUR = 1.08 means €1 = 1.08 USD. */
export interface FxRates {
  reportingCurrency: CurrencyCode;
  rates: Readonly<Record<CurrencyCode, number>>;
  /** Overrides of the ISO 4217 minor-unit exponents (app/domain/money.ts: USD 2, JPY 0, VND 0). */
  minorUnits?: Readonly<Record<CurrencyCode, number>>;
}

export interface RoutingInput {
  order: CanonicalOrder;
  warehouses: readonly CandidateWarehouse[];
  policy: RoutingPolicy;
  fx: FxRates;
  /** The clock, passed in: cut-offs and delivery dates are computed from it. */
  now: Date;
  /** Pluggable cost terms added to every shipment (e.g. customs' "duties_and_taxes"). */
  extraTerms?: readonly CostTerm[];
}

// ── Output ────────────────────────────────────────────────────────────────────────────────────

/** One named part of a shipment's cost, converted to the reporting currency. */
export interface CostTermLine {
  /** "carrier", "surcharge:fuel", "handling", or an extra term's name ("duties_and_taxes"). */
  name: string;
  /** Minor units of the reporting currency, rounded; the terms of a shipment add up to its total. */
  amount: number;
  /** The amount as charged, before conversion, when it was in another currency. */
  original?: { amount: number; currency: CurrencyCode };
  note?: string;
}

export interface ShipmentCost {
  total: number;
  currency: CurrencyCode;
  terms: CostTermLine[];
}

export interface DeliveryEstimate {
  /** The warehouse-local date the parcel is handed to the carrier. */
  handoverDate: string;
  /** True when `now` was past the warehouse's cut-off, which pushed the handover a day. */
  afterCutoff: boolean;
  earliestDate: string;
  /** The date we promise: handover + the lane's maximum transit. */
  latestDate: string;
  /** Days from the warehouse-local today to `latestDate`. */
  days: number;
}

export interface LaneChoice {
  /** Index into the warehouse's `lanes`, to find the row again. */
  index: number;
  mode: LaneMode;
  carrier: string | null;
  transitDaysMin: number;
  transitDaysMax: number;
  ddp: boolean;
}

export interface AllocationLine {
  externalLineId: string;
  sku: string;
  quantity: number;
}

/** One shipment-to-be: these units, from this warehouse, on this lane. */
export interface Allocation {
  warehouseId: string;
  warehouseCode: string;
  lines: AllocationLine[];
  weightGrams: number;
  lane: LaneChoice;
  cost: ShipmentCost;
  delivery: DeliveryEstimate;
}

export type CandidateVerdict = "won" | "lost" | "ineligible";

export interface CandidateExplanation {
  warehouseId: string;
  warehouseCode: string;
  verdict: CandidateVerdict;
  /** Stable code: WON, HIGHER_COST, SLOWER, MISSES_PROMISE, TIE_LOST, NOT_IN_BEST_SPLIT, BLOCKED, … */
  code: string;
  /** One sentence a merchant can read. */
  reason: string;
  /** What this candidate would have cost / taken for the part it was considered for. */
  lane?: LaneChoice;
  cost?: ShipmentCost;
  delivery?: DeliveryEstimate;
}

export type UnroutableCode =
  | "NO_LINES"
  | "NO_WAREHOUSES"
  | "NO_STOCK"
  | "NO_LANE"
  | "LITHIUM_RESTRICTED"
  | "PROHIBITED"
  | "BLOCKED"
  | "TOO_MANY_SPLITS"
  | "NO_FX_RATE"
  | "INVALID_WAREHOUSE_SETTINGS";

/** Bumped when the stored decision's shape changes, so old orders' explanations still read right. */
export const ROUTING_DECISION_VERSION = 1 as const;

interface DecisionBase {
  version: typeof ROUTING_DECISION_VERSION;
  decidedAt: string;
  policy: RoutingPolicy;
  destination: CountryCode;
  reportingCurrency: CurrencyCode;
  /** Every candidate warehouse, in input order, with its verdict. */
  candidates: CandidateExplanation[];
}

export interface RoutedDecision extends DecisionBase {
  status: "routed";
  allocations: Allocation[];
  totalCost: number;
  /** The latest `latestDate` among the allocations: when the whole order should have arrived. */
  deliveredBy: string;
  deliveryDays: number;
  summary: string;
}

export interface UnroutableDecision extends DecisionBase {
  status: "unroutable";
  code: UnroutableCode;
  /** One sentence saying what to do ("Restock PB-10K or …"). */
  merchantMessage: string;
}

export type RoutingDecision = RoutedDecision | UnroutableDecision;
