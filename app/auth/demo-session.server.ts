/**
 * Development-only sign-in as the seeded demo shop, for running the admin in a plain browser
 * outside Shopify (local demo, e2e tests). The cookie is signed with the app secret, so only this
 * server can mint one; it is refused outright unless CORRIDOR_DEMO_MODE=1 and NODE_ENV is not
 * production (config.server.ts refuses that combination at boot as well).
 */
import { createCookie } from "@remix-run/node";
import { getConfig, type Config } from "../config.server";
import { logger } from "../lib/logger.server";

export const DEMO_SHOP_DOMAIN = "corridor-demo.myshopify.com";

export const isDemoModeEnabled = (config: Config = getConfig()): boolean =>
  config.CORRIDOR_DEMO_MODE === "1" && config.NODE_ENV !== "production";

const demoCookie = (config: Config) =>
  createCookie("corridor_demo_session", {
    secrets: [config.SHOPIFY_API_SECRET],
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: 12 * 3600,
  });

/** The shop domain the request is signed in as, or undefined (no cookie, bad signature, demo off). */
export async function readDemoShop(request: Request, config: Config = getConfig()): Promise<string | undefined> {
  if (!isDemoModeEnabled(config)) return undefined;
  const value: unknown = await demoCookie(config).parse(request.headers.get("Cookie"));
  if (value && typeof value === "object" && typeof (value as { shop?: unknown }).shop === "string") {
    return (value as { shop: string }).shop;
  }
  return undefined;
}

/** A Set-Cookie header signing the browser in as `shop`; throws unless demo mode is on. */
export async function demoSignInCookie(shop: string, config: Config = getConfig()): Promise<string> {
  if (!isDemoModeEnabled(config)) throw new Error("demo sign-in is disabled (CORRIDOR_DEMO_MODE=0 or NODE_ENV=production)");
  logger.warn({ shop }, "DEVELOPMENT-ONLY demo sign-in: this browser is now signed in without Shopify authentication");
  return demoCookie(config).serialize({ shop });
}

export async function demoSignOutCookie(config: Config = getConfig()): Promise<string> {
  return demoCookie(config).serialize("", { maxAge: 0 });
}
