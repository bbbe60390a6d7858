/**
 * The one shopifyApp() instance: managed installation + token exchange (contract §6), expiring
 * offline tokens, sessions in Postgres through Drizzle with their tokens sealed. Everyone imports `authenticate` from here.
 */
import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { DrizzleSessionStoragePostgres } from "@shopify/shopify-app-session-storage-drizzle";
import { SHOPIFY_API_VERSION } from "./channels/shopify/api-version";
import { getConfig } from "./config.server";
import { getDb } from "./db/db.server";
import { activateShop } from "./db/queries/shop.server";
import { sessionTable } from "./db/schema";
import { secretBoxFor } from "./lib/secret-box.server";
import { markShopifyConnected } from "./shops/connect-shop.server";
import { SealedSessionStorage } from "./shops/sealed-session-storage.server";

const config = getConfig();

/** shopify-api's enum values are the version strings, so the shared constant maps onto it directly. */
export const apiVersion = SHOPIFY_API_VERSION as ApiVersion;

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion,
  scopes: config.SCOPES.split(","),
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  // Access and refresh tokens are sealed at rest (issue #7); the library only ever sees them plain.
  sessionStorage: new SealedSessionStorage(new DrizzleSessionStoragePostgres(getDb(), sessionTable), secretBoxFor(config)),
  distribution: AppDistribution.AppStore,
  isEmbeddedApp: true,
  future: {
    // Token exchange instead of the OAuth redirect; scopes come from shopify.app.toml.
    unstable_newEmbeddedAuthStrategy: true,
    // Public apps must use expiring offline tokens (contract §6.2); the library refreshes them.
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    // A (re)install makes sure the merchant account exists before the first page asks for it, and a
    // fresh token clears a connection Shopify's 401 had flagged.
    afterAuth: async ({ session }) => {
      const shop = await activateShop(getDb(), session.shop);
      await markShopifyConnected(getDb(), shop.id, session.shop);
    },
  },
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;
