/** Which intake path verifies deliveries how. Adding a channel or warehouse partner adds one entry. */
import type postgres from "postgres";
import { marketplaceIntakeRoutes } from "../channels/registry.server";
import { createShopifyChannel } from "../channels/shopify/channel";
import { offlineSessionId } from "../channels/shopify/fulfillment/shop-admin.server";
import type { Config } from "../config.server";
import { logger } from "../lib/logger.server";
import { secretBoxFor } from "../lib/secret-box.server";
import { SESSION_TOKEN_AAD } from "../shops/sealed-session-storage.server";
import { deliveryVerifierFor } from "./channel-verifier";
import type { DeliveryVerifier } from "./delivery";
import type { IntakeRoute, IntakeRoutes } from "./intake-handler.server";
import { warehouseVerifierFor } from "./warehouse-verifier.server";

export function intakeRoutes(config: Config, sql: postgres.Sql): IntakeRoutes {
  // Shopify behind the Channel interface like the marketplaces; intake only calls verifyWebhook.
  const shopify = deliveryVerifierFor(
    createShopifyChannel({
      apiSecrets: [config.SHOPIFY_API_SECRET],
      accessToken: async (shop) => {
        const [row] = await sql<{ accessToken: string }[]>`SELECT "accessToken" FROM session WHERE id = ${offlineSessionId(shop)}`;
        // Stored sealed (SealedSessionStorage).
        return row ? secretBoxFor(config).openText(row.accessToken, SESSION_TOKEN_AAD.accessToken) : null;
      },
      adminOrigin: config.SHOPIFY_ADMIN_API_ORIGIN,
      logger,
    }),
  );
  // Every subscribed topic comes with X-Shopify-Topic; only the ping, on its own path, comes without.
  const webhooks: DeliveryVerifier = (headers, rawBody, now) =>
    headers["x-shopify-topic"] ? shopify(headers, rawBody, now) : { ok: false, reason: "missing_headers: X-Shopify-Topic is required" };
  // Whatever else it carries, a POST to the callback path is the fulfillment service's ping.
  const fulfillmentCallback: DeliveryVerifier = (headers, rawBody, now) => shopify({ ...headers, "x-shopify-topic": undefined, "x-shopify-webhook-id": undefined }, rawBody, now);
  const fixed = new Map<string, IntakeRoute>([
    // Every subscribed topic, compliance topics included (shopify.app.toml).
    ["/webhooks/shopify", { channel: "shopify", verifier: webhooks }],
    // The fulfillment service's callbackUrl is <app>/webhooks/shopify; Shopify appends this path.
    ["/webhooks/shopify/fulfillment_order_notification", { channel: "shopify", verifier: fulfillmentCallback }],
    ...marketplaceIntakeRoutes(config),
  ]);
  const warehouseVerifier = warehouseVerifierFor(sql, secretBoxFor(config));
  return (path) => {
    const route = fixed.get(path);
    if (route) return route;
    const verifier = warehouseVerifier(path);
    return verifier ? { channel: "warehouse", verifier } : undefined;
  };
}
