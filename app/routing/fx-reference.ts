/**
 * Reference FX rates into USD, as dated data (major units: 1 EUR = 1.06 USD). Indicative mid-market
 * figures for 2026-11 used until a rates feed is configured; every routing decision records the
 * table's date and source with its costs.
 */
import type { FxRates } from "../domain/routing/types";

export const REFERENCE_FX: FxRates & { asOf: string; source: string } = {
  reportingCurrency: "USD",
  asOf: "2026-11-24",
  source: "indicative reference table (app/routing/fx-reference.ts); replace with a rates feed",
  rates: { USD: 1, EUR: 1.06, GBP: 1.27, JPY: 0.0066, AUD: 0.65, CAD: 0.72, VND: 0.0000394, SGD: 0.75 },
};
