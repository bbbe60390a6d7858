/** Which intake path verifies deliveries how. Adding a channel or warehouse partner adds one entry. */
import type postgres from "postgres";
import { shopifyCallbackVerifier, shopifyWebhookVerifier } from "../channels/shopify/verify-webhook";
import { marketplaceIntakeRoutes } from "../channels/registry.server";
import type { Config } from "../config.server";
import type { IntakeRoute, IntakeRoutes } from "./intake-handler.server";
import { warehouseVerifierFor } from "./warehouse-verifier.server";

export function intakeRoutes(config: Config, sql: postgres.Sql): IntakeRoutes {
  const shopifySecrets = [config.SHOPIFY_API_SECRET];
  const fixed = new Map<string, IntakeRoute>([
    // Every subscribed topic, compliance topics included (shopify.app.toml).
    ["/webhooks/shopify", { channel: "shopify", verifier: shopifyWebhookVerifier(shopifySecrets) }],
    // The fulfillment service's callbackUrl is <app>/webhooks/shopify; Shopify appends this path.
    ["/webhooks/shopify/fulfillment_order_notification", { channel: "shopify", verifier: shopifyCallbackVerifier(shopifySecrets) }],
    ...marketplaceIntakeRoutes(config),
  ]);
  const warehouseVerifier = warehouseVerifierFor(sql);
  return (path) => {
    const route = fixed.get(path);
    if (route) return route;
    const verifier = warehouseVerifier(path);
    return verifier ? { channel: "warehouse", verifier } : undefined;
  };
}
