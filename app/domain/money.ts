/** Money helpers: integer minor units, converted from decimal strings without floating point. */

const exponentCache = new Map<string, number>();
// Intl formats any well-formed three-letter code; only the ISO 4217 list is a currency.
const KNOWN_CURRENCIES = new Set<string>(Intl.supportedValuesOf("currency"));

/** Minor-unit exponent of an ISO 4217 currency (USD 2, JPY 0, VND 0, KWD 3). */
export function currencyExponent(currency: string): number {
  let exp = exponentCache.get(currency);
  if (exp === undefined) {
    if (!KNOWN_CURRENCIES.has(currency)) throw new RangeError(`unknown currency "${currency}"`);
    exp = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    exponentCache.set(currency, exp);
  }
  return exp;
}

/** "199.5" USD → 19950. Rounds half away from zero past the currency's precision. */
export function toMinorUnits(decimal: string | number, currency: string): number {
  const text = typeof decimal === "number" ? decimal.toString() : decimal.trim();
  const match = /^(-)?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) throw new RangeError(`not a decimal amount: "${text}"`);
  const [, sign, whole = "", frac = ""] = match;
  const exp = currencyExponent(currency);
  const padded = (frac + "0".repeat(exp + 1)).slice(0, exp + 1);
  let minor = Number(whole || "0") * 10 ** exp + Number(padded.slice(0, exp) || "0");
  if (Number(padded[exp]) >= 5) minor += 1;
  return sign ? -minor : minor;
}

/** 19950 USD → "199.50". */
export function formatMinorUnits(amount: number, currency: string): string {
  const exp = currencyExponent(currency);
  const sign = amount < 0 ? "-" : "";
  const abs = Math.abs(amount);
  if (exp === 0) return `${sign}${abs}`;
  const s = abs.toString().padStart(exp + 1, "0");
  return `${sign}${s.slice(0, -exp)}.${s.slice(-exp)}`;
}
