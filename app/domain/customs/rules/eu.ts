/**
 * European Union (cross-border.md §1.2, §2.4, §8). One rule set for the 27 member states; VAT by
 * member state. The €150 duty relief ends 2026-06-30; from 2026-07-01 an IOSS consignment under €150
 * pays €3 per distinct tariff subheading instead of ad-valorem duty.
 */
import type { DestinationRules, TaxRate } from "./types";

/** Standard VAT rates as of 2025-12 [S27], with the four changes the source flags. [check before use] */
const VAT: [region: string, ratePct: number, from?: string, to?: string][] = [
  ["AT", 20], ["BE", 21], ["BG", 20], ["HR", 25], ["CY", 19], ["CZ", 21], ["DK", 25],
  ["EE", 22, undefined, "2025-07-01"], ["EE", 24, "2025-07-01"],
  ["FI", 24, undefined, "2024-09-01"], ["FI", 25.5, "2024-09-01"],
  ["FR", 20], ["DE", 19], ["GR", 24], ["HU", 27], ["IE", 23], ["IT", 22], ["LV", 21], ["LT", 21],
  ["LU", 17], ["MT", 18], ["NL", 21], ["PL", 23], ["PT", 23],
  ["RO", 19, undefined, "2025-08-01"], ["RO", 21, "2025-08-01"],
  ["SK", 20, undefined, "2025-01-01"], ["SK", 23, "2025-01-01"],
  ["SI", 22], ["ES", 21], ["SE", 25],
];

const vatRows: TaxRate[] = VAT.map(([region, ratePct, from, to]) => ({
  region, name: `${region} VAT standard rate`, ratePct, collectedAtBorder: true,
  effectiveFrom: from ?? "2021-07-01", ...(to ? { effectiveTo: to } : {}),
  sources: ["S27"], confidence: "check_before_use",
  ...(from || to ? { note: "Rate change flagged by the source; the prior rate is general knowledge." } : {}),
}));

export const EU_RULES: DestinationRules = {
  id: "EU",
  name: "European Union",
  currency: "EUR",
  countries: [...new Set(VAT.map(([r]) => r))],
  valuation: [
    { basis: "CIF", taxBaseAddsFreight: false, effectiveFrom: "2016-05-01", sources: ["S73"], confidence: "verified",
      note: "UCC Art. 71: transport and insurance to the place of entry are included; onward transport excluded (Art. 72). Import VAT base = customs value + duty [check before use]." },
  ],
  thresholds: [
    { code: "eu_duty_relief_150", kind: "duty_relief", unit: "consignment", measure: "intrinsic", max: 150_00, inclusive: true,
      effectiveFrom: "2021-07-01", effectiveTo: "2026-07-01", sources: ["S18", "S19"], confidence: "verified",
      note: "Negligible-value duty relief up to €150, abolished from 2026-07-01 (Council 2025-11-13 / 2026-02-11)." },
    { code: "eu_ioss_150", kind: "tax_at_sale", unit: "consignment", measure: "intrinsic", max: 150_00, inclusive: true,
      registration: "ioss", registrationRequired: "optional", effectiveFrom: "2021-07-01", sources: ["S25"], confidence: "verified",
      note: "IOSS: the seller charges the member state's VAT at checkout for consignments of intrinsic value ≤ €150." },
  ],
  taxRates: vatRows,
  specificDuties: [
    { code: "eu_flat_duty_3", amount: 3_00, subheadingDigits: 6, maxIntrinsic: 150_00, inclusive: false,
      requiresRegistration: "ioss", replacesAdValorem: true,
      effectiveFrom: "2026-07-01", effectiveTo: "2028-07-01", sources: ["S18", "S19", "S22"], confidence: "check_before_use",
      note: "€3 per distinct tariff subheading (6-digit per S22) in a consignment < €150 for IOSS sellers; extendable beyond 2028-07-01. Non-IOSS consignments pay standard duty [S23, unverified]." },
  ],
  additionalDuties: [],
  notes: [
    { code: "eu_handling_fee", text: "An EU handling fee on e-commerce parcels is under negotiation (target November 2026, amount not final); not applied. Some states apply national fees (e.g. Belgium €2).",
      effectiveFrom: "2026-11-01", sources: ["S21", "S24"], confidence: "check_before_use" },
    { code: "eu_flat_duty_in_vat_base", text: "Whether a passed-on €3 duty sits in the IOSS VAT base is unverified; it is included when collected at checkout (the conservative choice).",
      effectiveFrom: "2026-07-01", effectiveTo: "2028-07-01", sources: ["S22"], confidence: "unverified" },
  ],
};
