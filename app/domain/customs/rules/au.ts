/**
 * Australia (cross-border.md §1.5, §8). At the border, consignments ≤ A$1,000 customs value pay no
 * duty or GST; a registered vendor charges 10% GST at the sale on items ≤ A$1,000 instead, unless the
 * consignment is clearly over A$1,000, in which case GST is charged at the border.
 */
import type { DestinationRules } from "./types";

export const AU_RULES: DestinationRules = {
  id: "AU",
  name: "Australia",
  currency: "AUD",
  countries: ["AU"],
  valuation: [
    { basis: "FOB", taxBaseAddsFreight: true, effectiveFrom: "2000-07-01", sources: ["S34", "S56"], confidence: "verified",
      note: "Customs value excludes international transport and insurance; GST at the border is on VoTI = customs value + duty + international T&I." },
  ],
  thresholds: [
    { code: "au_border_duty_1000", kind: "duty_relief", unit: "consignment", measure: "customs_value", max: 1000_00, inclusive: true,
      effectiveFrom: "2018-07-01", sources: ["S33"], confidence: "verified", note: "No duty at the border up to A$1,000 (except tobacco and alcohol)." },
    { code: "au_border_gst_1000", kind: "tax_relief", unit: "consignment", measure: "customs_value", max: 1000_00, inclusive: true,
      effectiveFrom: "2018-07-01", sources: ["S33"], confidence: "verified", note: "No GST at the border up to A$1,000; it is charged at the sale instead." },
    { code: "au_lvg_item_1000", kind: "tax_at_sale", unit: "item", measure: "intrinsic", max: 1000_00, inclusive: true,
      registration: "au_gst", registrationRequired: "optional", effectiveFrom: "2018-07-01", sources: ["S33"], confidence: "verified",
      note: "Low value goods are decided per item at the time of sale; vendors/EDPs registered (≥ A$75,000 a year) charge GST at checkout." },
    { code: "au_lvg_consignment_1000", kind: "tax_at_sale", unit: "consignment", measure: "customs_value", max: 1000_00, inclusive: true,
      registration: "au_gst", registrationRequired: "optional", effectiveFrom: "2018-07-01", sources: ["S33", "S60"], confidence: "verified",
      note: "When the items clearly ship as one consignment over A$1,000 the vendor does not charge GST: the border does." },
  ],
  taxRates: [
    { name: "GST", ratePct: 10, collectedAtBorder: true, effectiveFrom: "2000-07-01", sources: ["S33"], confidence: "verified" },
  ],
  specificDuties: [],
  additionalDuties: [],
  notes: [
    { code: "au_fta_preference", text: "VN goods may use AANZFTA / CPTPP / RCEP preferences (mostly 0%) with proof of origin; claim with originProof on the line.",
      effectiveFrom: "2018-12-30", sources: ["S56"], confidence: "check_before_use" },
  ],
};
