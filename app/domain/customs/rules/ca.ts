/**
 * Canada (cross-border.md §1.6, §8). CAD 20 for mail and for courier from outside the US/MX; CAD 40
 * (tax) / CAD 150 (duty) for courier shipped directly from the US or Mexico (CUSMA). The threshold
 * follows the place of direct shipment, not the origin of the goods.
 */
import type { DestinationRules, TaxRate } from "./types";

const tax = (region: string | undefined, name: string, ratePct: number, extra: Partial<TaxRate> = {}): TaxRate => ({
  ...(region ? { region } : {}), name, ratePct, collectedAtBorder: true,
  effectiveFrom: "2008-01-01", sources: ["S69"], confidence: "check_before_use", ...extra,
});

export const CA_RULES: DestinationRules = {
  id: "CA",
  name: "Canada",
  currency: "CAD",
  countries: ["CA"],
  valuation: [
    { basis: "FOB", taxBaseAddsFreight: false, effectiveFrom: "2000-01-01", sources: ["NONE"], confidence: "check_before_use",
      note: "Value for duty = transaction value at the point of direct shipment; international freight excluded (not re-checked)." },
  ],
  thresholds: [
    { code: "ca_lvs_20_post", kind: "duty_relief", unit: "consignment", measure: "customs_value", max: 20_00, inclusive: true, modes: ["post"],
      effectiveFrom: "2020-07-01", sources: ["S35"], confidence: "verified" },
    { code: "ca_lvs_20_post", kind: "tax_relief", unit: "consignment", measure: "customs_value", max: 20_00, inclusive: true, modes: ["post"],
      effectiveFrom: "2020-07-01", sources: ["S35"], confidence: "verified" },
    { code: "ca_lvs_20_courier", kind: "duty_relief", unit: "consignment", measure: "customs_value", max: 20_00, inclusive: true, modes: ["courier"],
      shipFromNotIn: ["US", "MX"], effectiveFrom: "2020-07-01", sources: ["S35"], confidence: "verified" },
    { code: "ca_lvs_20_courier", kind: "tax_relief", unit: "consignment", measure: "customs_value", max: 20_00, inclusive: true, modes: ["courier"],
      shipFromNotIn: ["US", "MX"], effectiveFrom: "2020-07-01", sources: ["S35"], confidence: "verified" },
    { code: "ca_cusma_courier_duty_150", kind: "duty_relief", unit: "consignment", measure: "customs_value", max: 150_00, inclusive: true,
      modes: ["courier"], shipFromIn: ["US", "MX"], effectiveFrom: "2020-07-01", sources: ["S35", "S36"], confidence: "verified",
      note: "Goods must have entered US/MX commerce; transshipment does not qualify." },
    { code: "ca_cusma_courier_tax_40", kind: "tax_relief", unit: "consignment", measure: "customs_value", max: 40_00, inclusive: true,
      modes: ["courier"], shipFromIn: ["US", "MX"], effectiveFrom: "2020-07-01", sources: ["S35", "S36"], confidence: "verified" },
  ],
  taxRates: [
    tax(undefined, "GST", 5),
    tax("ON", "HST (ON)", 13, { replacesBase: true }),
    tax("NB", "HST (NB)", 15, { replacesBase: true }),
    tax("NL", "HST (NL)", 15, { replacesBase: true }),
    tax("PE", "HST (PE)", 15, { replacesBase: true }),
    tax("NS", "HST (NS)", 15, { replacesBase: true, effectiveTo: "2025-04-01", note: "General knowledge: NS cut HST to 14% on 2025-04-01." }),
    tax("NS", "HST (NS)", 14, { replacesBase: true, effectiveFrom: "2025-04-01", note: "14% per the 2026 table [S69]; other sources say 15%." }),
    tax("BC", "PST (BC)", 7, { collectedAtBorder: false, note: "Whether CBSA collects PST on these imports is not modelled [unverified]." }),
    tax("MB", "RST (MB)", 7, { collectedAtBorder: false }),
    tax("SK", "PST (SK)", 6, { collectedAtBorder: false }),
    tax("QC", "QST (QC)", 9.975, { collectedAtBorder: false }),
  ],
  specificDuties: [],
  additionalDuties: [],
  notes: [
    { code: "ca_cptpp", text: "CPTPP (Canada and Vietnam are parties): most lines 0% with origin proof; claim with originProof on the line.",
      effectiveFrom: "2019-01-14", sources: ["NONE"], confidence: "check_before_use" },
  ],
};
