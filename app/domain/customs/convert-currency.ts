/**
 * Currency conversion with dated FX rates given as input: the domain never fetches a rate. Customs
 * authorities use their own official rates (cross-border.md §2.3), so the caller supplies the rate and
 * its source, and every quote records the rate it used.
 */
import { CustomsDataError } from "./customs-error";

export interface FxRate {
  /** 1 unit of `base` = `rate` units of `quote` (major units, e.g. 1 USD = 0.92 EUR). */
  base: string;
  quote: string;
  rate: number;
  /** Who published it ("ECB monthly customs rate", "Bank of Canada"). */
  source: string;
  /** ISO day the rate is for; a quote uses the latest rate on or before its date. */
  date: string;
}

/** ISO 4217 minor-unit exponents that are not 2. */
const EXPONENT: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, BHD: 3, KWD: 3, JOD: 3, OMR: 3, TND: 3 };
export const minorExponent = (currency: string): number => EXPONENT[currency] ?? 2;

/** The latest rate from→to on or before `date` (an inverse rate is used if only that is given). */
export function pickFxRate(rates: readonly FxRate[], from: string, to: string, date: string): FxRate {
  let best: FxRate | undefined;
  for (const r of rates) {
    if (r.date > date) continue;
    const direct = r.base === from && r.quote === to;
    const inverse = r.base === to && r.quote === from;
    if (!direct && !inverse) continue;
    if (best && best.date >= r.date) continue;
    best = direct ? r : { base: from, quote: to, rate: 1 / r.rate, source: `${r.source} (inverse)`, date: r.date };
  }
  if (!best || !(best.rate > 0)) {
    throw new CustomsDataError("FX_RATE_MISSING", `No ${from}->${to} rate on or before ${date}`,
      `No exchange rate from ${from} to ${to} for ${date}. Add the customs rate for that date and quote again.`);
  }
  return best;
}

/** Convert minor units of one currency into minor units of another, rounded half up. */
export function convertMinor(amountMinor: number, from: string, to: string, rate: FxRate | undefined): number {
  if (from === to) return amountMinor;
  if (!rate) throw new CustomsDataError("FX_RATE_MISSING", `No rate for ${from}->${to}`, `No exchange rate from ${from} to ${to}.`);
  const scale = 10 ** (minorExponent(to) - minorExponent(from));
  return Math.round(amountMinor * rate.rate * scale);
}
