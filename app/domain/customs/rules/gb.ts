/**
 * United Kingdom, excluding Northern Ireland (cross-border.md §1.3, §8). Up to £135 per consignment
 * the seller charges UK VAT at the sale and no duty is due; above it, duty and import VAT at the border.
 */
import type { DestinationRules } from "./types";

export const GB_RULES: DestinationRules = {
  id: "GB",
  name: "United Kingdom (GB)",
  currency: "GBP",
  countries: ["GB"],
  valuation: [
    { basis: "CIF", taxBaseAddsFreight: false, effectiveFrom: "2021-01-01", sources: ["NONE"], confidence: "check_before_use",
      note: "CIF to the UK border; not re-checked in the contract." },
  ],
  thresholds: [
    { code: "gb_duty_relief_135", kind: "duty_relief", unit: "consignment", measure: "intrinsic", max: 135_00, inclusive: true,
      effectiveFrom: "2021-01-01", sources: ["S28", "S30", "S55"], confidence: "verified",
      note: "Duty relieved up to £135 (not excise goods). Abolition announced 2025-11-26 for 'by March 2029 at the latest' [S29]: add an effectiveTo when the date is set." },
    { code: "gb_vat_at_sale_135", kind: "tax_at_sale", unit: "consignment", measure: "intrinsic", max: 135_00, inclusive: true,
      registration: "gb_vat", registrationRequired: "mandatory", effectiveFrom: "2021-01-01", sources: ["S28"], confidence: "verified",
      note: "The overseas seller (or the marketplace) charges UK supply VAT at the point of sale; no import VAT at the border. No registration threshold for non-established sellers." },
  ],
  taxRates: [
    { name: "UK VAT standard rate", ratePct: 20, collectedAtBorder: true, effectiveFrom: "2011-01-04", sources: ["NONE"], confidence: "check_before_use" },
  ],
  specificDuties: [],
  additionalDuties: [],
  notes: [
    { code: "gb_northern_ireland", text: "Northern Ireland follows EU VAT/customs alignment and is not covered by this rule set.",
      effectiveFrom: "2021-01-01", sources: ["S28"], confidence: "verified" },
  ],
};
