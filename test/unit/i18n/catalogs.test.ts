import { describe, expect, it } from "vitest";
import { en } from "../../../app/i18n/en";
import { fromAcceptLanguage, resolveLocale } from "../../../app/i18n/locale";
import { CATALOGS, LOCALES, placeholdersOf, translate } from "../../../app/i18n/translate";

describe("message catalogs", () => {
  it.each(LOCALES)("%s has exactly the English keys", (locale) => {
    expect(Object.keys(CATALOGS[locale]).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(LOCALES)("%s uses the same placeholders as English in every message", (locale) => {
    const mismatched = Object.keys(en).filter(
      (key) => placeholdersOf(CATALOGS[locale][key as keyof typeof en]).join() !== placeholdersOf(en[key as keyof typeof en]).join(),
    );
    expect(mismatched).toEqual([]);
  });

  it.each(LOCALES)("%s has no empty message", (locale) => {
    expect(Object.entries(CATALOGS[locale]).filter(([, text]) => !text.trim())).toEqual([]);
  });

  it("Vietnamese is really translated, not a copy of English", () => {
    const same = Object.keys(en).filter((k) => CATALOGS.vi[k as keyof typeof en] === en[k as keyof typeof en]);
    // Brand names and codes (Shopify, SKU, ShipBob…) legitimately stay the same; prose must not.
    expect(same.length).toBeLessThan(Object.keys(en).length * 0.05);
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(translate("en", "home.onTime.detail", { onTime: 9, delivered: 10, days: 7 })).toBe("9 of 10 shipments arrived within the 7-day promise.");
    expect(translate("vi", "inventory.cell.sellable", { n: 3 })).toBe("3 có thể bán");
    expect(translate("en", "inventory.cell.sellable")).toBe("{n} sellable");
  });
});

describe("locale resolution", () => {
  it("an explicit choice in Settings beats Shopify's locale and the browser", () => {
    expect(resolveLocale({ setting: "vi", shopifyParam: "en", acceptLanguage: "en-US" })).toBe("vi");
  });
  it("'auto' follows Shopify's locale param, then the remembered shop locale, then the browser", () => {
    expect(resolveLocale({ setting: "auto", shopifyParam: "vi-VN", shopLocale: "en" })).toBe("vi");
    expect(resolveLocale({ setting: "auto", shopifyParam: null, shopLocale: "vi", acceptLanguage: "en" })).toBe("vi");
    expect(resolveLocale({ setting: "auto", acceptLanguage: "fr-FR,vi;q=0.8,en;q=0.5" })).toBe("vi");
  });
  it("falls back to English for unsupported languages", () => {
    expect(resolveLocale({ shopifyParam: "fr", acceptLanguage: "de-DE" })).toBe("en");
  });
  it("ranks Accept-Language by quality, ignoring q=0", () => {
    expect(fromAcceptLanguage("vi;q=0, en;q=0.3")).toBe("en");
    expect(fromAcceptLanguage("en;q=0.4, vi-VN;q=0.9")).toBe("vi");
    expect(fromAcceptLanguage("")).toBeUndefined();
  });
});
