/**
 * Every loader and action gets its shop here, and only here. Inside Shopify admin that is
 * `authenticate.admin` (session token → token exchange); in demo mode it is the development-only
 * signed cookie. Everything a page reads or writes is then scoped by `shop.id` (or its domain).
 */
import { redirect } from "@remix-run/node";
import { getConfig } from "../config.server";
import type { Database } from "../db/client.server";
import { getDb } from "../db/db.server";
import { parseStoredSettings, type ShopSettings } from "../db/queries/settings.server";
import { activateShop, findShopByDomain, rememberShopLocale, type ShopRow } from "../db/queries/shop.server";
import { resolveLocale, toLocale } from "../i18n/locale";
import type { Locale } from "../i18n/translate";
import { authenticate } from "../shopify.server";
import { isDemoModeEnabled, readDemoShop } from "./demo-session.server";

export interface ShopContext {
  shop: ShopRow;
  db: Database;
  settings: ShopSettings;
  locale: Locale;
  /** "shopify" inside Shopify admin (App Bridge present); "demo" for the development-only sign-in. */
  mode: "shopify" | "demo";
}

export async function requireShop(request: Request): Promise<ShopContext> {
  const db = getDb();
  const url = new URL(request.url);
  let shop: ShopRow | undefined;
  let mode: ShopContext["mode"];

  if (isDemoModeEnabled(getConfig())) {
    const domain = await readDemoShop(request);
    shop = domain ? await findShopByDomain(db, domain) : undefined;
    if (!shop || shop.status !== "active") {
      throw redirect(`/demo/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`);
    }
    mode = "demo";
  } else {
    // Throws the responses (bounce page, 401 with retry header) App Bridge expects; let them through.
    const { session } = await authenticate.admin(request);
    shop = await activateShop(db, session.shop);
    mode = "shopify";
  }

  const settings = parseStoredSettings(shop.settings);
  const shopifyParam = url.searchParams.get("locale");
  const reported = toLocale(shopifyParam);
  if (reported && reported !== shop.locale) await rememberShopLocale(db, shop.id, reported);
  const locale = resolveLocale({
    setting: settings.language,
    shopifyParam,
    // The remembered admin language only means something inside Shopify admin; a plain browser in
    // demo mode says what it wants through Accept-Language.
    shopLocale: mode === "shopify" ? shop.locale : undefined,
    acceptLanguage: request.headers.get("Accept-Language"),
  });
  return { shop, db, settings, locale, mode };
}
