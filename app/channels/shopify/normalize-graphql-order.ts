/**
 * The Admin GraphQL order (CORRIDOR_ORDER) → Corridor's canonical order. Pure. Used when the
 * orders/create webhook never arrived but the order's fulfillment order did: the poll fetches the
 * order and stores the same canonical shape normalize-order.ts makes from the webhook, so the two
 * paths agree line for line (LineItem GIDs as line ids, the numeric id from the Order GID).
 * GraphQL ids are strings already, so nothing here can round an id above 2^53.
 */
import type { CorridorOrderQuery } from "../../types/admin.generated";
import type { CanonicalOrder, OrderLine } from "../../domain/order";
import { toMinorUnits } from "../../domain/money";
import { InvalidPayloadError } from "../../lib/errors";
import { gidNumber } from "./normalize-order";
import { toShipTo } from "./ship-to";

export type GraphqlOrder = NonNullable<CorridorOrderQuery["order"]>;
type GraphqlLine = GraphqlOrder["lineItems"]["nodes"][number];

const GRAMS_PER_UNIT: Readonly<Record<string, number>> = { GRAMS: 1, KILOGRAMS: 1000, OUNCES: 28.349523125, POUNDS: 453.59237 };

/** Shopify weights come as a float in the merchant's unit; routing prices by whole grams. */
export function weightToGrams(weight: { unit: string; value: number } | null | undefined): number {
  if (!weight) return 0;
  const factor = GRAMS_PER_UNIT[weight.unit];
  if (factor === undefined) throw new InvalidPayloadError("UNKNOWN_WEIGHT_UNIT", `Shopify weight unit "${weight.unit}" is unknown`);
  return Math.max(0, Math.round(weight.value * factor));
}

function normalizeLine(line: GraphqlLine, orderCurrency: string, destination: string): OrderLine {
  const item = line.variant?.inventoryItem;
  const money = line.originalUnitPriceSet.shopMoney;
  // A national tariff code for the destination beats the 6-digit HS code: customs brokers ask for it.
  const national = item?.countryHarmonizedSystemCodes.nodes.find((c) => c.countryCode === destination)?.harmonizedSystemCode;
  return {
    externalLineId: line.id,
    // A line without a SKU cannot be matched to warehouse stock; keep it visible rather than drop it.
    sku: line.sku?.trim() || `(no sku: ${line.title})`,
    quantity: line.currentQuantity,
    unitPrice: toMinorUnits(money.amount, money.currencyCode),
    currency: money.currencyCode ?? orderCurrency,
    weightGrams: weightToGrams(item?.measurement.weight),
    title: line.title,
    hsCode: national ?? item?.harmonizedSystemCode ?? undefined,
    countryOfOrigin: item?.countryCodeOfOrigin ?? undefined,
  };
}

/**
 * `lines` defaults to the first page; pass every page (CORRIDOR_ORDER with `linesAfter`) for orders
 * with more than 25 lines. Lines whose current quantity is 0 (removed by an edit, refunded) are dropped.
 */
export function normalizeGraphqlOrder(shopDomain: string, order: GraphqlOrder, lines: readonly GraphqlLine[] = order.lineItems.nodes): CanonicalOrder {
  const address = order.shippingAddress;
  if (!address?.countryCodeV2) {
    throw new InvalidPayloadError("NO_SHIPPING_ADDRESS", `Shopify order ${order.name} has no shipping address`, {
      merchantMessage: `Order ${order.name} has no shipping address, so no warehouse can ship it. Add an address in Shopify.`,
    });
  }
  const destination = address.countryCodeV2.toUpperCase();
  const currency = order.currencyCode;
  const shipping = order.shippingLine;
  return {
    channel: "shopify",
    shopDomain,
    externalId: gidNumber(order.id),
    name: order.name,
    updatedAt: new Date(order.updatedAt as string).toISOString(),
    placedAt: new Date((order.processedAt ?? order.createdAt) as string).toISOString(),
    cancelledAt: order.cancelledAt ? new Date(order.cancelledAt as string).toISOString() : null,
    currency,
    lines: lines.filter((l) => l.currentQuantity > 0).map((l) => normalizeLine(l, currency, destination)),
    shipTo: toShipTo({
      countryCode: destination,
      provinceCode: address.provinceCode,
      city: address.city,
      zip: address.zip,
      name: address.name,
      address1: address.address1,
      address2: address.address2,
      phone: address.phone,
      email: order.email,
    }),
    shippingMethod: shipping?.title ?? undefined,
    shippingCharged: shipping ? toMinorUnits(shipping.originalPriceSet.shopMoney.amount, shipping.originalPriceSet.shopMoney.currencyCode) : undefined,
  };
}
