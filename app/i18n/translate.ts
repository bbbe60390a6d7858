/**
 * The one way merchant-facing text is produced: a typed key, the locale, and named placeholders
 * ("{count} orders"). Both catalogs ship to the browser; they are small and switching is instant.
 */
import { en, type MessageKey } from "./en";
import { vi } from "./vi";

export const LOCALES = ["en", "vi"] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };
export type MessageVars = Record<string, string | number>;

export const CATALOGS: Record<Locale, Record<MessageKey, string>> = { en, vi };

export const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

/** Names of the `{placeholders}` in a message, sorted, for catalog checks. */
export const placeholdersOf = (message: string): string[] =>
  [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

export function translate(locale: Locale, key: MessageKey, vars: MessageVars = {}): string {
  // An unknown key (e.g. built from data) shows itself rather than crashing the page.
  const message = CATALOGS[locale][key] ?? en[key] ?? key;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) =>
    vars[name] === undefined ? whole : String(vars[name]),
  );
}

export type Translate = (key: MessageKey, vars?: MessageVars) => string;

export const translator = (locale: Locale): Translate => (key, vars) => translate(locale, key, vars);
