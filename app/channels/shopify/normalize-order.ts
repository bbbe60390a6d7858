/**
 * Shopify's REST-style order webhook payload (orders/create, orders/updated, orders/cancelled) →
 * Corridor's canonical order. Pure. Ids come from admin_graphql_api_id (exact) and never from a JS
 * number; amounts are converted from their decimal strings to minor units.
 */
import { z } from "zod";
import type { CanonicalOrder } from "../../domain/order";
import { toMinorUnits } from "../../domain/money";
import { InvalidPayloadError } from "../../lib/errors";
import { toShipTo } from "./ship-to";

/** Ids may be numbers (small) or exact strings (above 2^53) after parseJsonExact. */
const id = z.union([z.string(), z.number()]).transform(String);
const decimal = z.union([z.string(), z.number()]).transform(String);

const Address = z
  .object({
    country_code: z.string().length(2),
    province_code: z.string().nullish(),
    city: z.string().nullish(),
    zip: z.string().nullish(),
    name: z.string().nullish(),
    address1: z.string().nullish(),
    address2: z.string().nullish(),
    phone: z.string().nullish(),
  })
  .passthrough();

const LineItem = z
  .object({
    id: id,
    admin_graphql_api_id: z.string().optional(),
    sku: z.string().nullish(),
    variant_id: id.nullish(),
    title: z.string().nullish(),
    quantity: z.number().int().nonnegative(),
    price: decimal,
    grams: z.number().int().nonnegative().nullish(),
  })
  .passthrough();

export const ShopifyOrderPayload = z
  .object({
    id: id,
    admin_graphql_api_id: z.string().startsWith("gid://shopify/Order/"),
    name: z.string(),
    currency: z.string().length(3),
    created_at: z.string(),
    updated_at: z.string(),
    cancelled_at: z.string().nullish(),
    email: z.string().nullish(),
    line_items: z.array(LineItem),
    shipping_address: Address.nullish(),
    shipping_lines: z.array(z.object({ title: z.string().nullish(), price: decimal.nullish() }).passthrough()).nullish(),
    customer: z.object({ admin_graphql_api_id: z.string().startsWith("gid://shopify/Customer/").nullish() }).passthrough().nullish(),
  })
  .passthrough();

export type ShopifyOrderPayload = z.infer<typeof ShopifyOrderPayload>;

/** The exact numeric id inside a GID ("gid://shopify/Order/820982911946154508" → "820982911946154508"). */
export const gidNumber = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1).split("?")[0]!;

export function normalizeShopifyOrder(shopDomain: string, payload: unknown): CanonicalOrder {
  const parsed = ShopifyOrderPayload.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidPayloadError("UNEXPECTED_ORDER_SHAPE", `Shopify order payload: ${issue.path.join(".") || "(root)"} ${issue.message}`, {
      merchantMessage: "Shopify sent an order Corridor could not read. It is kept and can be replayed once fixed.",
    });
  }
  const o = parsed.data;
  const address = o.shipping_address;
  if (!address) {
    throw new InvalidPayloadError("NO_SHIPPING_ADDRESS", `Shopify order ${o.name} has no shipping address`, {
      merchantMessage: `Order ${o.name} has no shipping address, so no warehouse can ship it. Add an address in Shopify.`,
    });
  }
  const shipping = o.shipping_lines?.[0];
  return {
    channel: "shopify",
    shopDomain,
    externalId: gidNumber(o.admin_graphql_api_id),
    name: o.name,
    // The GID, as a customer account token's `sub` names the customer (exact: ids exceed 2^53).
    ...(o.customer?.admin_graphql_api_id ? { customerId: o.customer.admin_graphql_api_id } : {}),
    updatedAt: new Date(o.updated_at).toISOString(),
    placedAt: new Date(o.created_at).toISOString(),
    cancelledAt: o.cancelled_at ? new Date(o.cancelled_at).toISOString() : null,
    currency: o.currency,
    lines: o.line_items
      .filter((l) => l.quantity > 0)
      .map((l) => ({
        externalLineId: l.admin_graphql_api_id ?? `gid://shopify/LineItem/${l.id}`,
        // A line without a SKU cannot be matched to warehouse stock; keep it visible rather than drop it.
        sku: l.sku?.trim() || `(no sku: ${l.title ?? l.id})`,
        quantity: l.quantity,
        unitPrice: toMinorUnits(l.price, o.currency),
        currency: o.currency,
        weightGrams: l.grams ?? 0,
        title: l.title ?? undefined,
      })),
    shipTo: toShipTo({
      countryCode: address.country_code.toUpperCase(),
      provinceCode: address.province_code,
      city: address.city,
      zip: address.zip,
      name: address.name,
      address1: address.address1,
      address2: address.address2,
      phone: address.phone,
      email: o.email,
    }),
    shippingMethod: shipping?.title ?? undefined,
    shippingCharged: shipping?.price != null ? toMinorUnits(shipping.price, o.currency) : undefined,
  };
}
