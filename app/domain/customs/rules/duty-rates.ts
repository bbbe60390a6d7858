/**
 * MFN (third-country) ad-valorem duty rates for the demo SKU families, per destination rule set,
 * matched on the longest HS prefix in force on the date. ONLY `US 6109` is confirmed by a source
 * [S17]; the contract's §3.3 gives the other US/EU figures as indicative, and GB/JP/AU/CA figures
 * have no source at all (source NONE). Check every row against USITC HTS, EU TARIC, the UK Global
 * Tariff, Japan's tariff schedule, the ABF tariff and the CBSA tariff before relying on a quote.
 */
import type { Dated } from "./types";

export interface Preference {
  /** "CPTPP", "EVFTA"… */
  agreement: string;
  origins: string[];
  ratePct: number;
}

export interface DutyRate extends Dated {
  ruleSet: string;
  /** 2–10 HS digits, no dots. */
  hsPrefix: string;
  ratePct: number;
  /** Preferential rates, applied only when the line carries proof of origin. */
  preferences?: Preference[];
}

type Row = [hsPrefix: string, ratePct: number, confidence: Dated["confidence"], note?: string];

const CPTPP_VN: Preference[] = [{ agreement: "CPTPP", origins: ["VN"], ratePct: 0 }];

function rows(ruleSet: string, sources: Dated["sources"], list: Row[], preferences?: Preference[]): DutyRate[] {
  return list.map(([hsPrefix, ratePct, confidence, note]) => ({
    ruleSet, hsPrefix, ratePct, confidence, effectiveFrom: "2022-01-01",
    sources: confidence === "verified" ? sources : ["NONE"],
    ...(note ? { note } : {}), ...(preferences ? { preferences } : {}),
  }));
}

export const DUTY_RATES: DutyRate[] = [
  ...rows("US", ["S17"], [
    ["6109", 16.5, "verified", "HTSUS 6109.10.00 (men's cotton T-shirts 6109.10.00.12)."],
    ["61", 16.5, "indicative", "Knitted apparel; taken from 6109 — rates in ch. 61 vary widely."],
    ["62", 16.5, "indicative", "Woven apparel; rates in ch. 62 vary widely."],
    ["621410", 1, "indicative", "6214.10.10 (≥ 70% silk) ~1% per cross-border.md §3.3."],
    ["6214", 11, "indicative", "Other shawls/scarves ~11% per §3.3."],
    ["0901", 0, "indicative", "Coffee, green and roasted: free per §3.3."],
    ["4420", 3, "indicative", "Lacquerware box (wood) ~3% per §3.3."],
    ["9403", 0, "indicative", "Wooden furniture 9403.60.80 free per §3.3 (Section 232 covers kitchen cabinets separately)."],
    ["6912", 9.8, "indicative", "Non-porcelain ceramic tableware ~4.5–9.8% per §3.3; upper bound taken."],
    ["8507", 3.4, "indicative", "Lithium-ion accumulators; no source in the contract."],
  ]),
  ...rows("EU", ["S18"], [
    ["6109", 12, "indicative", "CN 6109 10 00 → 12% per §3.3."],
    ["61", 12, "indicative"],
    ["62", 12, "indicative"],
    ["621410", 8, "indicative", "CN 6214 10 00 → 8% per §3.3."],
    ["6214", 8, "indicative"],
    ["090111", 0, "indicative", "Green coffee 0% per §3.3."],
    ["090121", 7.5, "indicative", "Roasted coffee 7.5% per §3.3."],
    ["0901", 7.5, "indicative"],
    ["4420", 0, "indicative", "~0% per §3.3."],
    ["9403", 0, "indicative", "0% per §3.3."],
    ["6912", 6, "indicative", "~5–6% per §3.3; upper bound taken."],
    ["8507", 2.7, "indicative"],
  ]),
  // UK Global Tariff: no figures in the contract; assumed like the EU's until checked.
  ...rows("GB", [], [
    ["61", 12, "indicative"], ["62", 12, "indicative"], ["6214", 8, "indicative"],
    ["090111", 0, "indicative"], ["0901", 6, "indicative"], ["4420", 0, "indicative"], ["9403", 0, "indicative"],
    ["6912", 6, "indicative"], ["8507", 2.7, "indicative"],
  ]),
  ...rows("JP", [], [
    ["61", 10.9, "indicative"], ["62", 9.1, "indicative"], ["6214", 7.5, "indicative"],
    ["0901", 0, "indicative"], ["4420", 0, "indicative"], ["9403", 0, "indicative"], ["6912", 0, "indicative"], ["8507", 0, "indicative"],
  ], CPTPP_VN),
  ...rows("AU", [], [
    ["61", 5, "indicative", "'The general rate is often 5%' per §1.5."], ["62", 5, "indicative"], ["6214", 5, "indicative"],
    ["0901", 0, "indicative"], ["4420", 5, "indicative"], ["9403", 5, "indicative"], ["6912", 5, "indicative"], ["8507", 5, "indicative"],
  ], [{ agreement: "CPTPP/AANZFTA", origins: ["VN"], ratePct: 0 }]),
  ...rows("CA", [], [
    ["61", 18, "indicative"], ["62", 18, "indicative"], ["6214", 14, "indicative"],
    ["0901", 0, "indicative"], ["4420", 6, "indicative"], ["9403", 0, "indicative"], ["6912", 6, "indicative"], ["8507", 7, "indicative"],
  ], CPTPP_VN),
];
