/**
 * What customs needs to know about one shipment routing chose: does it cross a border, is its lane a
 * post (CN23), which incoterm, and what the landed-cost engine quoted. The routing cost term
 * ("duties_and_taxes") and the allocation record are both built here from the same ShipmentPlan, so
 * what the engine compared and what the documents and dispatch later use never disagree.
 */
import type { Money } from "../order";
import type { ShipmentPlan } from "../routing/cost-term";
import type { FxRate } from "./convert-currency";
import { CustomsDataError } from "./customs-error";
import type { LandedCostQuote, QuoteInput, QuoteLine } from "./landed-cost-types";
import { DEFAULT_POSTAL_CARRIERS } from "./postal-carriers";
import { quoteShipmentLandedCost, sameCustomsTerritory, type ShipmentLandedCost } from "./quote-shipment-landed-cost";

export interface ShipmentCustomsOptions {
  seller: QuoteInput["seller"];
  /** Dated customs FX rates (the routing engine's FxRates carry no source or date). */
  fx: readonly FxRate[];
  /** The carrier's clearance fee when duty/tax is collected at the border. */
  clearanceFee?: Money;
  /** Carriers that are posts (CN22/CN23 lanes): decides post vs courier thresholds. */
  postalCarriers?: readonly string[];
}

/** The landed-cost quote as stored on an allocation (allocations.landed_cost), minor units of `currency`. */
export interface RecordedLandedCost {
  /** border: duty/tax at import; domestic_prepaid: duty settled at bulk import; not_estimated: see `note`. */
  basis: ShipmentLandedCost["basis"] | "not_estimated";
  currency: string;
  duty: number;
  tax: number;
  fees: number;
  /** The rule set and the day whose rules were applied. */
  ruleSet?: string;
  date: string;
  payer?: LandedCostQuote["payer"];
  taxCollectedAt?: LandedCostQuote["taxCollectedAt"];
  /** Every FX rate the quote used, with its source and date (cross-border.md §2.3). */
  fx: FxRate[];
  /** A duty rate no source confirms was used: an estimate, not binding. */
  indicative: boolean;
  note: string;
}

export interface ShipmentCustoms {
  /** The warehouse is outside the destination's customs territory: the parcel needs an import declaration. */
  crossBorder: boolean;
  /** The lane's carrier is a designated postal operator: CN22/CN23 rules, postal thresholds. */
  postal: boolean;
  /**
   * Incoterms 2020. DDP when both the warehouse and the lane deliver duties paid (routing's
   * `plan.ddp`): the merchant prepays duty and tax. Null for a domestic shipment (no import).
   */
  incoterm: "DDP" | "DAP" | null;
  landedCost: RecordedLandedCost | null;
}

type Priced =
  | { kind: "quoted"; result: ShipmentLandedCost }
  | { kind: "not_estimated"; reason: string }
  | { kind: "unsupported" };

/** A stored allocation's cross-border flag; rows routed before it was recorded (null) decide from the countries, as routing would. */
export const crossesBorder = (recorded: boolean | null, warehouseCountry: string, destination: string): boolean =>
  recorded ?? !sameCustomsTerritory(warehouseCountry, destination);

export const isPostalCarrier = (carrier: string | null | undefined, posts: readonly string[] = DEFAULT_POSTAL_CARRIERS): boolean =>
  !!carrier && posts.some((p) => p.toLowerCase() === carrier.toLowerCase());

/** Prices the plan with the customs core; data gaps become a reason, never a refusal to ship. */
export function priceShipmentCustoms(plan: ShipmentPlan, opts: ShipmentCustomsOptions): Priced {
  const missing = plan.lines.find((p) => !p.line.hsCode);
  if (missing) return { kind: "not_estimated", reason: `${missing.line.sku} has no HS code` };
  const lines: QuoteLine[] = plan.lines.map((p) => ({
    lineId: p.line.externalLineId, sku: p.line.sku, hsCode: p.line.hsCode!, quantity: p.quantity,
    // Origin is where the goods were made; without it, the origin warehouse's country is the best guess.
    origin: p.line.countryOfOrigin ?? "VN", unitValue: p.line.unitPrice, currency: p.line.currency,
  }));
  try {
    const result = quoteShipmentLandedCost({
      warehouse: { id: plan.warehouse.id, countryCode: plan.warehouse.countryCode, dutiesPrepaid: plan.warehouse.dutiesPrepaid },
      destination: { country: plan.destination, ...(plan.order.shipTo.provinceCode ? { region: plan.order.shipTo.provinceCode } : {}) },
      lines,
      shipping: { amount: plan.order.shippingCharged ?? 0, currency: plan.order.currency },
      mode: isPostalCarrier(plan.lane.carrier, opts.postalCarriers) ? "post" : "courier",
      incoterm: plan.ddp ? "DDP" : "DAP",
      date: plan.now.toISOString().slice(0, 10),
      seller: opts.seller,
      fx: opts.fx,
      ...(opts.clearanceFee ? { clearanceFee: opts.clearanceFee } : {}),
    });
    return { kind: "quoted", result };
  } catch (error) {
    if (error instanceof CustomsDataError) {
      return error.code === "UNSUPPORTED_DESTINATION" ? { kind: "unsupported" } : { kind: "not_estimated", reason: error.merchantMessage ?? error.message };
    }
    throw error;
  }
}

/** What routing decided about customs for the shipment it chose: stored on the allocation. */
export function recordShipmentCustoms(plan: ShipmentPlan, opts: ShipmentCustomsOptions): ShipmentCustoms {
  const crossBorder = !sameCustomsTerritory(plan.warehouse.countryCode, plan.destination);
  const postal = isPostalCarrier(plan.lane.carrier, opts.postalCarriers);
  const incoterm = crossBorder ? (plan.ddp ? "DDP" : "DAP") : null;
  const date = plan.now.toISOString().slice(0, 10);
  const priced = priceShipmentCustoms(plan, opts);
  if (priced.kind === "unsupported") return { crossBorder, postal, incoterm, landedCost: null };
  if (priced.kind === "not_estimated") {
    return { crossBorder, postal, incoterm, landedCost: { basis: "not_estimated", currency: plan.order.currency, duty: 0, tax: 0, fees: 0, date, fx: [], indicative: false, note: `not estimated: ${priced.reason}` } };
  }
  const r = priced.result;
  const landedCost: RecordedLandedCost = {
    basis: r.basis, currency: r.currency, duty: r.duty, tax: r.tax, fees: r.fees, date,
    fx: r.quote?.fx ?? [], indicative: r.quote?.indicative ?? false, note: r.note,
  };
  if (r.quote) Object.assign(landedCost, { ruleSet: r.quote.ruleSet, payer: r.quote.payer, taxCollectedAt: r.quote.taxCollectedAt });
  return { crossBorder, postal, incoterm, landedCost };
}
