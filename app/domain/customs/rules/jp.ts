/**
 * Japan (cross-border.md §1.4, §8). Total customs value ≤ ¥10,000 per declaration is exempt from duty
 * and consumption tax, except designated articles (knitwear, leather bags, footwear). From 2028-04-01
 * such imports bear consumption tax charged by the seller.
 */
import type { DestinationRules } from "./types";

/** Cabinet Order Art. 16-3 articles never exempt: knitted clothing (ch. 61), leather bags (4202.x1), footwear (ch. 64). [unverified per SKU, §9.4] */
const JP_EXCLUDED = ["61", "420211", "420221", "420231", "420291", "64"];

export const JP_RULES: DestinationRules = {
  id: "JP",
  name: "Japan",
  currency: "JPY",
  countries: ["JP"],
  valuation: [
    { basis: "CIF", taxBaseAddsFreight: false, effectiveFrom: "2000-01-01", sources: ["S77"], confidence: "verified",
      note: "Duty on CIF; import consumption tax on CIF + duty (+ other excise)." },
  ],
  thresholds: [
    { code: "jp_small_value_duty_10000", kind: "duty_relief", unit: "declaration", measure: "customs_value", max: 10_000, inclusive: true,
      excludedHsPrefixes: JP_EXCLUDED, effectiveFrom: "2000-01-01", sources: ["S31", "S70"], confidence: "verified",
      note: "Measured per import declaration (parcel post: all articles in one package). Excluded article list is [unverified] per SKU." },
    { code: "jp_small_value_tax_10000", kind: "tax_relief", unit: "declaration", measure: "customs_value", max: 10_000, inclusive: true,
      excludedHsPrefixes: JP_EXCLUDED, effectiveFrom: "2000-01-01", effectiveTo: "2028-04-01", sources: ["S31", "S32"], confidence: "verified",
      note: "Consumption tax exemption ends for cross-border mail-order goods from 2028-04-01 (FY2026 reform)." },
    { code: "jp_ct_at_sale_10000", kind: "tax_at_sale", unit: "declaration", measure: "customs_value", max: 10_000, inclusive: true,
      registration: "jp_ct", registrationRequired: "mandatory", effectiveFrom: "2028-04-01", sources: ["S32"], confidence: "check_before_use",
      note: "From 2028-04-01 the seller (or a platform over ¥5bn) is liable for consumption tax on goods ≤ ¥10,000." },
  ],
  taxRates: [
    { name: "Consumption tax (7.8% national + 2.2% local)", ratePct: 10, collectedAtBorder: true, effectiveFrom: "2019-10-01", sources: ["S77"], confidence: "verified" },
    { name: "Reduced consumption tax, food (6.24% + 1.76%)", ratePct: 8, hsPrefixes: ["0901"], collectedAtBorder: true,
      effectiveFrom: "2019-10-01", sources: ["S77"], confidence: "check_before_use", note: "Coffee should qualify as food [check before use]." },
  ],
  specificDuties: [],
  additionalDuties: [],
  notes: [
    { code: "jp_personal_use_60pct", text: "Personal-use imports are valued at 60% of overseas retail; not applied (Corridor's sales are commercial mail-order).",
      effectiveFrom: "2000-01-01", sources: ["S70"], confidence: "unverified" },
  ],
};
