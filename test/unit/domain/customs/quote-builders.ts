/** Small builders so each test states only what its rule depends on. */
import type { QuoteInput, QuoteLine } from "~/domain/customs/landed-cost-types";

let next = 0;
export function line(hsCode: string, unitValue: number, currency: string, extra: Partial<QuoteLine> = {}): QuoteLine {
  return { lineId: `L${++next}`, hsCode, origin: "VN", quantity: 1, unitValue, currency, ...extra };
}

export function input(country: string, date: string, lines: QuoteLine[], shipping: number, extra: Partial<QuoteInput> = {}): QuoteInput {
  const currency = lines[0]?.currency ?? "USD";
  return {
    destination: { country }, date, incoterm: "DDP", lines, shipping: { amount: shipping, currency },
    seller: { registrations: {} }, fx: [], ...extra,
  };
}

export const IOSS = { registrations: { ioss: "IM2760000001" } };
