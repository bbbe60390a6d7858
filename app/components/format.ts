/** Display helpers shared by pages; formatting follows the merchant's locale. */
import type { Locale } from "../i18n/translate";

const INTL: Record<Locale, string> = { en: "en-US", vi: "vi-VN" };

export const formatDateTime = (iso: string | Date | null | undefined, locale: Locale): string =>
  iso ? new Intl.DateTimeFormat(INTL[locale], { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(new Date(iso)) : "—";

export const formatDate = (iso: string | Date | null | undefined, locale: Locale): string =>
  iso ? new Intl.DateTimeFormat(INTL[locale], { dateStyle: "medium", timeZone: "UTC" }).format(new Date(iso)) : "—";

/** Integer minor units + currency → "$12.50" / "12,50 US$". */
export function formatMoney(minor: number, currency: string, locale: Locale): string {
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(INTL[locale], { style: "currency", currency }).format(minor / 10 ** digits);
}

export const formatPercent = (ratio: number, locale: Locale): string =>
  new Intl.NumberFormat(INTL[locale], { style: "percent", maximumFractionDigits: 1 }).format(ratio);
