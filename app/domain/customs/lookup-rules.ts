/**
 * Answers "which customs rules are in force for this destination on this day": every dated row whose
 * [effectiveFrom, effectiveTo) contains the date. Adding next year's change is a new row in a file
 * under rules/, never an edit here.
 */
import { AU_RULES } from "./rules/au";
import { CA_RULES } from "./rules/ca";
import { DUTY_RATES, type DutyRate } from "./rules/duty-rates";
import { EU_RULES } from "./rules/eu";
import { GB_RULES } from "./rules/gb";
import { JP_RULES } from "./rules/jp";
import type { AdditionalDuty, Dated, DestinationRules, SpecificDuty, TaxRate, Threshold, ValuationRule } from "./rules/types";
import { US_RULES } from "./rules/us";
import { CustomsDataError } from "./customs-error";

export const RULE_SETS: readonly DestinationRules[] = [US_RULES, EU_RULES, GB_RULES, JP_RULES, AU_RULES, CA_RULES];

const BY_COUNTRY = new Map<string, DestinationRules>(RULE_SETS.flatMap((r) => r.countries.map((c) => [c, r] as const)));

/** The rule set ("EU", "US"…) serving a country, or undefined when Corridor has none (e.g. VN). */
export const ruleSetIdFor = (country: string): string | undefined => BY_COUNTRY.get(country)?.id;

/**
 * The national tariff code for a destination country: its own entry ("US", or "DE" from a warehouse
 * import file), else its rule set's ("EU" for every member state, as the products page stores it).
 */
export function nationalHsCode(hsCodesByCountry: Readonly<Record<string, string>>, country: string): string | undefined {
  return hsCodesByCountry[country] ?? hsCodesByCountry[ruleSetIdFor(country) ?? ""];
}

export interface RulesInForce {
  ruleSet: string;
  name: string;
  currency: string;
  /** The ISO country asked about (a member state for the EU). */
  country: string;
  date: string;
  valuation: ValuationRule;
  thresholds: Threshold[];
  /** Tax rows for the country/region, in force on the date (region filtering happens in the engine for CA provinces). */
  taxRates: TaxRate[];
  specificDuties: SpecificDuty[];
  additionalDuties: AdditionalDuty[];
  dutyRates: DutyRate[];
  notes: DestinationRules["notes"];
}

export const inForce = (row: Dated, date: string): boolean =>
  row.effectiveFrom <= date && (row.effectiveTo === undefined || date < row.effectiveTo);

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const cache = new Map<string, RulesInForce>();

/** The rules in force for `country` (ISO alpha-2; an EU member state picks the EU set) on `date` (YYYY-MM-DD). */
export function lookupRules(country: string, date: string): RulesInForce {
  const key = `${country}|${date}`;
  const hit = cache.get(key);
  if (hit) return hit;
  if (!ISO_DAY.test(date)) {
    throw new CustomsDataError("INVALID_QUOTE_INPUT", `Date must be YYYY-MM-DD, got ${date}`, "The quote date must be a day like 2026-12-01.");
  }
  const set = BY_COUNTRY.get(country);
  if (!set) {
    throw new CustomsDataError("UNSUPPORTED_DESTINATION", `No customs rules for ${country}`,
      `Corridor has no customs rules for ${country} yet, so it cannot estimate duties and taxes there.`);
  }
  const valuation = set.valuation.find((v) => inForce(v, date));
  if (!valuation) {
    throw new CustomsDataError("UNSUPPORTED_DESTINATION", `No valuation rule for ${set.id} on ${date}`,
      `Corridor has no customs rules for ${set.name} on ${date}.`);
  }
  const rules: RulesInForce = {
    ruleSet: set.id,
    name: set.name,
    currency: set.currency,
    country,
    date,
    valuation,
    thresholds: set.thresholds.filter((t) => inForce(t, date)),
    taxRates: set.taxRates.filter((t) => inForce(t, date) && (set.id !== "EU" || t.region === country)),
    specificDuties: set.specificDuties.filter((d) => inForce(d, date)),
    additionalDuties: set.additionalDuties.filter((d) => inForce(d, date)),
    dutyRates: DUTY_RATES.filter((d) => d.ruleSet === set.id && inForce(d, date)),
    notes: set.notes.filter((n) => inForce(n, date)),
  };
  // Quotes cluster on few (country, day) pairs; the data is immutable, so memoising is safe. Bounded
  // so a long-running worker quoting years of dates cannot grow it without limit.
  if (cache.size > 4096) cache.clear();
  cache.set(key, rules);
  return rules;
}

/** The longest-prefix duty rate for an HS code (digits only), or undefined. */
export function findDutyRate(rules: RulesInForce, hsDigits: string): DutyRate | undefined {
  let best: DutyRate | undefined;
  for (const r of rules.dutyRates) {
    if (hsDigits.startsWith(r.hsPrefix) && (!best || r.hsPrefix.length > best.hsPrefix.length)) best = r;
  }
  return best;
}
