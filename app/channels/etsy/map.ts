/**
 * Pure translation between Etsy's shapes and Corridor's. No I/O.
 */
import type { CanonicalOrder, OrderLine } from "../../domain/order";
import { InvalidPayloadError } from "../../lib/errors";
import type { EtsyInventory, EtsyInventoryUpdate, EtsyMoney, EtsyReceipt, EtsyShipment } from "./wire";

/** Decimal places of a currency's minor unit (USD 2, JPY 0, VND 0), from ICU. */
export function currencyExponent(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Etsy Money (amount / divisor) in integer minor units of its currency. */
export function moneyToMinor(money: EtsyMoney): number {
  const scale = 10 ** currencyExponent(money.currency_code);
  return Math.round((money.amount * scale) / money.divisor);
}

/** Etsy's write side wants a float price where reads return Money (contract §A.5). */
export const moneyToFloat = (money: EtsyMoney): number => money.amount / money.divisor;

const iso = (seconds: number | undefined): string | undefined => (seconds === undefined ? undefined : new Date(seconds * 1000).toISOString());

/** A receipt (with transactions) as a canonical order. Digital items ship nothing and are left out. */
export function receiptToCanonical(receipt: EtsyReceipt, shopRef: string): CanonicalOrder {
  const receiptId = String(receipt.receipt_id);
  const currency = receipt.grandtotal?.currency_code ?? receipt.transactions?.[0]?.price.currency_code;
  if (!currency) throw new InvalidPayloadError("ETSY_RECEIPT_NO_CURRENCY", `receipt ${receiptId} has no currency`);
  const placedAt = iso(receipt.created_timestamp ?? receipt.create_timestamp);
  const updatedAt = iso(receipt.updated_timestamp ?? receipt.update_timestamp) ?? placedAt;
  if (!placedAt || !updatedAt) throw new InvalidPayloadError("ETSY_RECEIPT_NO_TIMESTAMP", `receipt ${receiptId} has no timestamps`);
  const lines: OrderLine[] = [];
  for (const tx of receipt.transactions ?? []) {
    if (tx.is_digital) continue;
    if (!tx.sku) {
      throw new InvalidPayloadError("ETSY_MISSING_SKU", `receipt ${receiptId} transaction ${tx.transaction_id} has no SKU`, {
        merchantMessage: `The Etsy listing "${tx.title ?? tx.listing_id}" has no SKU. Add the SKU on Etsy so Corridor can ship it.`,
      });
    }
    lines.push({
      externalLineId: String(tx.transaction_id),
      sku: tx.sku,
      quantity: tx.quantity,
      unitPrice: moneyToMinor(tx.price),
      currency: tx.price.currency_code,
      weightGrams: 0,
      ...(tx.title ? { title: tx.title } : {}),
    });
  }
  return {
    channel: "etsy",
    shopDomain: shopRef,
    externalId: receiptId,
    name: `Etsy #${receiptId}`,
    ...(receipt.buyer_user_id ? { customerId: String(receipt.buyer_user_id) } : {}),
    updatedAt,
    placedAt,
    cancelledAt: receipt.status === "canceled" ? updatedAt : null,
    currency,
    lines,
    shipTo: {
      countryCode: (receipt.country_iso ?? "").toUpperCase(),
      ...(receipt.state ? { provinceCode: receipt.state } : {}),
      ...(receipt.city ? { city: receipt.city } : {}),
      ...(receipt.zip ? { zip: receipt.zip } : {}),
      ...(receipt.name ? { name: receipt.name } : {}),
      ...(receipt.first_line ? { address1: receipt.first_line } : {}),
      ...(receipt.second_line ? { address2: receipt.second_line } : {}),
      ...(receipt.buyer_email ? { email: receipt.buyer_email } : {}),
    },
    ...(receipt.transactions?.[0]?.shipping_method ? { shippingMethod: receipt.transactions[0].shipping_method } : {}),
    ...(receipt.total_shipping_cost ? { shippingCharged: moneyToMinor(receipt.total_shipping_cost) } : {}),
  };
}

/** The receipt's existing shipment with this tracking code, if Etsy already has it. */
export function findShipment(receipt: EtsyReceipt, trackingCode: string): EtsyShipment | undefined {
  return receipt.shipments?.find((s) => s.tracking_code === trackingCode);
}

export interface InventoryPlan {
  body: EtsyInventoryUpdate;
  /** SKUs whose offerings were set, with the quantity written. */
  set: Map<string, number>;
}

/**
 * The full product set for updateListingInventory with new quantities for the given SKUs.
 * The PUT replaces the whole set, so every live product is carried over unchanged unless its SKU
 * is being set; read-only fields (product_id, offering_id, is_deleted, scale_name) are stripped and
 * Money prices become floats.
 */
export function planInventoryUpdate(current: EtsyInventory, quantities: ReadonlyMap<string, number>): InventoryPlan {
  const set = new Map<string, number>();
  const products = current.products
    .filter((p) => !p.is_deleted)
    .map((product) => {
      const next = product.sku !== undefined && product.sku !== "" ? quantities.get(product.sku) : undefined;
      if (next !== undefined && product.sku) set.set(product.sku, Math.max(0, Math.trunc(next)));
      return {
        sku: product.sku ?? null,
        property_values: product.property_values.map((pv) => ({
          property_id: pv.property_id,
          value_ids: pv.value_ids,
          ...(pv.scale_id !== undefined ? { scale_id: pv.scale_id } : {}),
          ...(pv.property_name ? { property_name: pv.property_name } : {}),
          values: pv.values,
        })),
        offerings: product.offerings
          .filter((o) => !o.is_deleted)
          .map((o) => ({
            price: moneyToFloat(o.price),
            quantity: next !== undefined ? Math.max(0, Math.trunc(next)) : o.quantity,
            is_enabled: o.is_enabled,
            readiness_state_id: o.readiness_state_id ?? null,
          })),
      };
    });
  return {
    body: {
      products,
      price_on_property: current.price_on_property ?? [],
      quantity_on_property: current.quantity_on_property ?? [],
      sku_on_property: current.sku_on_property ?? [],
      ...(current.readiness_state_on_property !== undefined ? { readiness_state_on_property: current.readiness_state_on_property } : {}),
    },
    set,
  };
}
