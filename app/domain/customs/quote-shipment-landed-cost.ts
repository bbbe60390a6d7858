/**
 * Landed cost of one planned shipment from one warehouse: what routing compares between shipping
 * from the Vietnam origin warehouse and from pre-stocked overseas warehouses.
 *
 * - A parcel that crosses a border into the destination (origin warehouse, or a 3PL in another
 *   country) pays duty and import tax by the destination's rules: quoteLandedCost.
 * - A parcel from a warehouse inside the destination's customs territory whose stock was cleared at
 *   bulk import (`dutiesPrepaid`) owes no duty per parcel; only the domestic sale tax, if any.
 */
import type { Money } from "../order";
import type { FxRate } from "./convert-currency";
import { convertMinor, pickFxRate } from "./convert-currency";
import type { ExplanationItem, LandedCostQuote, QuoteInput, QuoteLine } from "./landed-cost-types";
import { lookupRules, ruleSetIdFor } from "./lookup-rules";
import { percentOf } from "./money-math";
import { explainRule } from "./explain-rule";
import { quoteLandedCost } from "./quote-landed-cost";
import type { Registration } from "./rules/types";

export interface ShipmentWarehouse {
  id: string;
  countryCode: string;
  /** Import duty on stock here was settled at bulk import (warehouses.duties_prepaid). */
  dutiesPrepaid: boolean;
}

export interface PlannedShipment {
  warehouse: ShipmentWarehouse;
  destination: { country: string; region?: string };
  lines: QuoteLine[];
  shipping: Money;
  mode?: QuoteInput["mode"];
  incoterm: QuoteInput["incoterm"];
  date: string;
  seller: QuoteInput["seller"];
  fx: readonly FxRate[];
  clearanceFee?: Money;
}

export interface ShipmentLandedCost {
  /** duty + tax + fees the shipment adds beyond goods and shipping, minor units of `currency`. */
  amount: number;
  currency: string;
  basis: "border" | "domestic_prepaid";
  duty: number;
  tax: number;
  fees: number;
  /** The full quote when the parcel crosses a border. */
  quote?: LandedCostQuote;
  explanation: ExplanationItem[];
  /** One line for the routing explanation. */
  note: string;
}

/**
 * Whether a parcel from `from` to `to` stays inside one customs territory (same country, or two EU
 * member states): no import declaration, so no customs documents and no duty per parcel.
 */
export function sameCustomsTerritory(from: string, to: string): boolean {
  if (from === to) return true;
  const set = ruleSetIdFor(to);
  return set === "EU" && ruleSetIdFor(from) === "EU";
}

export function quoteShipmentLandedCost(s: PlannedShipment): ShipmentLandedCost {
  const rules = lookupRules(s.destination.country, s.date);
  if (sameCustomsTerritory(s.warehouse.countryCode, s.destination.country) && s.warehouse.dutiesPrepaid) return domesticSale(s, rules);
  const { warehouse, ...rest } = s;
  const quote = quoteLandedCost({ ...rest, shipFrom: warehouse.countryCode });
  const amount = quote.duty + quote.importTax + quote.fees;
  return {
    amount, currency: quote.currency, basis: "border", duty: quote.duty, tax: quote.importTax, fees: quote.fees, quote,
    explanation: quote.explanation,
    // "indicative" here is what the routing explanation shows: the merchant must not read it as binding.
    note: `duty ${quote.duty} + tax ${quote.importTax} + fees ${quote.fees} ${quote.currency} at the ${quote.ruleSet} border (${quote.taxCollectedAt === "checkout" ? "tax at checkout" : "tax at import"})${quote.indicative ? "; indicative duty rate, not binding" : ""}`,
  };
}

/** Which registration makes a domestic sale taxable for a non-resident seller; absent = always taxed. */
const DOMESTIC_REGISTRATION: Partial<Record<string, Registration>> = { AU: "au_gst" };

function domesticSale(s: PlannedShipment, rules: ReturnType<typeof lookupRules>): ShipmentLandedCost {
  const ccy = rules.currency;
  const conv = (m: Money) => (m.currency === ccy ? m.amount : convertMinor(m.amount, m.currency, ccy, pickFxRate(s.fx, m.currency, ccy, s.date)));
  const goods = s.lines.reduce((a, l) => a + conv({ amount: l.unitValue * l.quantity, currency: l.currency }), 0);
  const base = goods + conv(s.shipping);
  const reg = DOMESTIC_REGISTRATION[rules.ruleSet];
  const taxed = !reg || !!s.seller.registrations[reg];
  const regional = rules.taxRates.filter((t) => t.region !== undefined && (rules.ruleSet === "EU" || t.region === s.destination.region));
  const rates = (regional.some((t) => t.replacesBase) ? regional : [...rules.taxRates.filter((t) => !t.region), ...regional])
    .filter((t) => t.collectedAtBorder && !t.hsPrefixes);
  const ratePct = taxed ? rates.reduce((a, t) => a + t.ratePct, 0) : 0;
  const tax = percentOf(base, ratePct);
  const explanation: ExplanationItem[] = [
    { code: "duties_prepaid", severity: "info", sources: [], text: `Warehouse ${s.warehouse.id} holds stock cleared at bulk import: no duty per parcel.` },
    ...rates.map((t) => explainRule(t, "domestic_sale_tax", `${t.name} ${t.ratePct}% on the domestic sale${taxed ? "" : " (seller not registered: not charged)"}.`, "info")),
  ];
  if (rules.ruleSet === "US") explanation.push({ code: "us_sales_tax_out_of_scope", severity: "warning", sources: [], text: "US state sales tax is not estimated." });
  return {
    amount: tax, currency: ccy, basis: "domestic_prepaid", duty: 0, tax, fees: 0, explanation,
    note: tax > 0 ? `duty settled at bulk import; domestic sale tax ${ratePct}% = ${tax} ${ccy}` : "duty settled at bulk import",
  };
}
