/**
 * Conversion of minor units into the reporting currency's minor units. Rates come in major units
 * (what people quote), so each currency's minor-unit exponent matters: ¥100 is 100 minor units,
 * $1.00 is 100 minor units too.
 */
import { currencyExponent } from "../money";
import type { CurrencyCode } from "../order";
import type { FxRates } from "./types";

/** ISO 4217 minor-unit exponent (USD 2, JPY 0, VND 0), or undefined for a code that is not a currency. */
export function minorUnitExponent(currency: CurrencyCode, overrides?: FxRates["minorUnits"]): number | undefined {
  const o = overrides?.[currency];
  if (o !== undefined) return o;
  try {
    return currencyExponent(currency);
  } catch (error) {
    // currencyExponent throws RangeError for codes outside ISO 4217; routing treats that as "no rate".
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/**
 * Factor f with reportingMinor = f × sourceMinor, or undefined when no rate is known. Computed once
 * per currency per decision; the hot loops multiply.
 */
export function minorFactor(fx: FxRates, currency: CurrencyCode): number | undefined {
  const rate = currency === fx.reportingCurrency ? 1 : fx.rates[currency];
  if (rate === undefined || !(rate > 0) || !Number.isFinite(rate)) return undefined;
  const to = minorUnitExponent(fx.reportingCurrency, fx.minorUnits);
  const from = minorUnitExponent(currency, fx.minorUnits);
  if (to === undefined || from === undefined) return undefined;
  return rate * 10 ** (to - from);
}

/** "USD 12.50" for merchant sentences. */
export function formatMoney(amount: number, currency: CurrencyCode, overrides?: FxRates["minorUnits"]): string {
  const e = minorUnitExponent(currency, overrides) ?? 2;
  return `${currency} ${(amount / 10 ** e).toFixed(e)}`;
}
