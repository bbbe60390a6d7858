/**
 * Which language a merchant sees, decided once per request: an explicit choice in Settings wins,
 * then the Shopify admin's language (the `locale` param on embedded loads, remembered on the
 * shop), then the browser's Accept-Language, then English.
 */
import { isLocale, type Locale } from "./translate";

export interface LocaleInputs {
  /** Settings → language: "auto" or a locale. */
  setting?: string;
  /** Shopify's `locale` query param ("vi", "en-US", "pt-BR"). */
  shopifyParam?: string | null;
  /** The locale remembered on the shop row. */
  shopLocale?: string | null;
  acceptLanguage?: string | null;
}

/** "vi-VN" → "vi"; unknown languages → undefined. */
export function toLocale(tag: string | null | undefined): Locale | undefined {
  const base = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return isLocale(base) ? base : undefined;
}

/** The first supported language in an Accept-Language header, by quality. */
export function fromAcceptLanguage(header: string | null | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag, q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) {
    const locale = toLocale(entry.tag);
    if (locale) return locale;
  }
  return undefined;
}

export function resolveLocale(inputs: LocaleInputs): Locale {
  if (inputs.setting && inputs.setting !== "auto") {
    const chosen = toLocale(inputs.setting);
    if (chosen) return chosen;
  }
  return toLocale(inputs.shopifyParam) ?? toLocale(inputs.shopLocale) ?? fromAcceptLanguage(inputs.acceptLanguage) ?? "en";
}
