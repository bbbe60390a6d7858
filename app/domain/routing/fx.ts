/**
 * Conversion of minor units into the reporting currency's minor units. Rates come in major units
 * (what people quote), so each currency's minor-unit exponent matters: ¥100 is 100 minor units,
 * $1.00 is 100 minor units too.
 */
import type { CurrencyCode } from "../order";
import type { FxRates } from "./types";

/** ISO 4217 exponents that differ from 2, for currencies Corridor's merchants meet. */
const EXPONENTS: Readonly<Record<string, number>> = {
  JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, UGX: 0, XOF: 0,
  KWD: 3, BHD: 3, OMR: 3, JOD: 3, TND: 3,
};

export function minorUnitExponent(currency: CurrencyCode, overrides?: FxRates["minorUnits"]): number {
  return overrides?.[currency] ?? EXPONENTS[currency] ?? 2;
}

/**
 * Factor f with reportingMinor = f × sourceMinor, or undefined when no rate is known. Computed once
 * per currency per decision; the hot loops multiply.
 */
export function minorFactor(fx: FxRates, currency: CurrencyCode): number | undefined {
  const rate = currency === fx.reportingCurrency ? 1 : fx.rates[currency];
  if (rate === undefined || !(rate > 0) || !Number.isFinite(rate)) return undefined;
  const shift = minorUnitExponent(fx.reportingCurrency, fx.minorUnits) - minorUnitExponent(currency, fx.minorUnits);
  return rate * 10 ** shift;
}

/** "USD 12.50" for merchant sentences. */
export function formatMoney(amount: number, currency: CurrencyCode, overrides?: FxRates["minorUnits"]): string {
  const e = minorUnitExponent(currency, overrides);
  return `${currency} ${(amount / 10 ** e).toFixed(e)}`;
}
