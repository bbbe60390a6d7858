/** Which intake path verifies deliveries how. Adding a channel or warehouse partner adds one entry. */
import { shopifyCallbackVerifier, shopifyWebhookVerifier } from "../channels/shopify/verify-webhook";
import type { Config } from "../config.server";
import type { IntakeRoute } from "./intake-handler.server";

export function intakeRoutes(config: Config): Map<string, IntakeRoute> {
  const shopifySecrets = [config.SHOPIFY_API_SECRET];
  return new Map<string, IntakeRoute>([
    // Every subscribed topic, compliance topics included (shopify.app.toml).
    ["/webhooks/shopify", { channel: "shopify", verifier: shopifyWebhookVerifier(shopifySecrets) }],
    // The fulfillment service's callbackUrl is <app>/webhooks/shopify; Shopify appends this path.
    ["/webhooks/shopify/fulfillment_order_notification", { channel: "shopify", verifier: shopifyCallbackVerifier(shopifySecrets) }],
  ]);
}
