/**
 * United States (cross-border.md §1.1, §2.5, §8). Duty = MFN(hts) + Σ additional measures by origin
 * and entry date; never a hard-coded 20% or 40%. No federal import VAT; state sales tax is out of scope.
 */
import type { DestinationRules } from "./types";

export const US_RULES: DestinationRules = {
  id: "US",
  name: "United States",
  currency: "USD",
  countries: ["US"],
  valuation: [
    { basis: "FOB", taxBaseAddsFreight: false, effectiveFrom: "2000-01-01", sources: ["S72"], confidence: "verified",
      note: "Transaction value; international freight and insurance are deducted (19 USC 1401a)." },
  ],
  thresholds: [
    { code: "us_de_minimis_800", kind: "duty_relief", unit: "consignment", measure: "customs_value", max: 800_00, inclusive: true,
      effectiveFrom: "2016-03-10", effectiveTo: "2025-08-29", sources: ["S1", "S2"], confidence: "verified",
      note: "§321 $800 de minimis (per person per day in law; per consignment here). Suspended for all countries and modes from 2025-08-29 (EO 14324), codified 2026-06-24 [S10]; statutory repeal 2027-07-01. Start date (TFTEA) is general knowledge." },
  ],
  taxRates: [],
  specificDuties: [],
  additionalDuties: [
    { code: "us_ieepa_reciprocal_vn", name: "IEEPA reciprocal tariff (Vietnam)", ratePct: 20, origins: ["VN"],
      doesNotStackWith: ["us_ieepa_transshipment"], effectiveFrom: "2025-08-07", effectiveTo: "2026-02-24", sources: ["S12", "S4", "S6"], confidence: "verified",
      note: "EO 14326; held invalid by SCOTUS 2026-02-20, collection ended 2026-02-24; refunds only through litigation." },
    { code: "us_ieepa_transshipment", name: "IEEPA transshipment penalty rate", ratePct: 40, origins: "*", requiresFlag: "transshipped",
      effectiveFrom: "2025-08-07", effectiveTo: "2026-02-24", sources: ["S12"], confidence: "verified",
      note: "Applied instead of the reciprocal rate to goods found transshipped to evade duties." },
    { code: "us_section_122", name: "Section 122 import surcharge (HTSUS 9903.03.01)", ratePct: 10, origins: "*",
      exemptOrigins: ["CA", "MX"], doesNotStackWith: ["us_s232_upholstered_wood", "us_s232_kitchen_cabinets"],
      effectiveFrom: "2026-02-24", effectiveTo: "2026-07-24", sources: ["S63", "S6"], confidence: "verified",
      note: "150 days by statute; 15% announced but CBP kept 10% [unverified 15%]. USMCA exclusion approximated by CA/MX origin. What follows 2026-07-24 is [unverified]." },
    { code: "us_s232_upholstered_wood", name: "Section 232 upholstered wooden furniture (9903.76.02)", ratePct: 25, origins: "*",
      hsPrefixes: ["940161"], effectiveFrom: "2025-10-14", effectiveTo: "2027-01-01", sources: ["S66"], confidence: "check_before_use" },
    { code: "us_s232_upholstered_wood", name: "Section 232 upholstered wooden furniture (9903.76.02)", ratePct: 30, origins: "*",
      hsPrefixes: ["940161"], effectiveFrom: "2027-01-01", sources: ["S66"], confidence: "check_before_use",
      note: "Deferred rise from 25% to 30%." },
    { code: "us_s232_kitchen_cabinets", name: "Section 232 kitchen cabinets and vanities (9903.76.03)", ratePct: 25, origins: "*",
      hsPrefixes: ["940340"], effectiveFrom: "2025-10-14", effectiveTo: "2027-01-01", sources: ["S66"], confidence: "check_before_use",
      note: "HS 9403.40 approximates the covered cabinets; confirm per HTSUS line." },
    { code: "us_s232_kitchen_cabinets", name: "Section 232 kitchen cabinets and vanities (9903.76.03)", ratePct: 50, origins: "*",
      hsPrefixes: ["940340"], effectiveFrom: "2027-01-01", sources: ["S66"], confidence: "check_before_use",
      note: "Deferred rise from 25% to 50%." },
  ],
  notes: [
    { code: "us_after_s122", text: "The US tariff stack for VN goods after 2026-07-24 is unverified: MFN only is applied; check Section 122 extensions, Section 301 outcomes and any US–VN agreement.",
      effectiveFrom: "2026-07-24", sources: ["S63"], confidence: "unverified" },
    { code: "us_no_federal_vat", text: "No federal import VAT; state sales tax is a domestic matter and not collected at the border (out of scope).",
      effectiveFrom: "2000-01-01", sources: ["NONE"], confidence: "unverified" },
  ],
};
