/**
 * The one Admin API version Corridor speaks. The client's URL, codegen's schema file and the
 * `api_version` in shopify.app.toml all read this, so they cannot drift apart (the Template pins
 * three different versions). Bump it together with the vendored schema in ./schema/.
 */
export const SHOPIFY_API_VERSION = "2026-10" as const;

export type ShopifyApiVersion = typeof SHOPIFY_API_VERSION;

/** Path of the Admin GraphQL endpoint on `https://{shop}.myshopify.com` (contract §7). */
export const adminGraphqlPath = (version: string = SHOPIFY_API_VERSION): string => `/admin/api/${version}/graphql.json`;
