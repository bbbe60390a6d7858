/**
 * Etsy Open API v3 shapes Corridor reads and writes, as etsy-ts 8.0.1 (generated from Etsy's
 * OpenAPI document) declares them in `data-contracts.d.ts`; only the fields we use.
 */
import { z } from "zod";

/** `{ amount, divisor, currency_code }`: value = amount / divisor. */
export interface EtsyMoney {
  amount: number;
  divisor: number;
  currency_code: string;
}

export interface EtsyTransaction {
  transaction_id: number;
  receipt_id?: number;
  listing_id?: number | null;
  product_id?: number | null;
  sku?: string | null;
  title?: string | null;
  quantity: number;
  price: EtsyMoney;
  is_digital?: boolean;
  shipping_method?: string | null;
}

export interface EtsyShipment {
  receipt_shipping_id?: number | null;
  shipment_notification_timestamp?: number;
  carrier_name?: string;
  tracking_code?: string;
}

export type EtsyReceiptStatus = "paid" | "completed" | "open" | "payment processing" | "canceled" | "fully refunded" | "partially refunded";

export interface EtsyReceipt {
  receipt_id: number;
  seller_user_id?: number;
  buyer_user_id?: number | null;
  buyer_email?: string | null;
  name?: string;
  first_line?: string | null;
  second_line?: string | null;
  city?: string | null;
  state?: string | null;
  zip?: string | null;
  country_iso?: string | null;
  status?: EtsyReceiptStatus;
  is_paid?: boolean;
  is_shipped?: boolean;
  create_timestamp?: number;
  created_timestamp?: number;
  update_timestamp?: number;
  updated_timestamp?: number;
  grandtotal?: EtsyMoney;
  total_shipping_cost?: EtsyMoney;
  shipments?: EtsyShipment[];
  transactions?: EtsyTransaction[];
}

export interface EtsyReceiptPage {
  count: number;
  results: EtsyReceipt[];
}

export interface EtsyPropertyValue {
  property_id: number;
  property_name?: string | null;
  scale_id?: number | null;
  scale_name?: string | null;
  value_ids: number[];
  values: string[];
}

/** Read shape (getListingInventory): prices are Money, ids and is_deleted present. */
export interface EtsyInventory {
  products: {
    product_id?: number;
    sku?: string;
    is_deleted?: boolean;
    offerings: { offering_id?: number; quantity: number; is_enabled: boolean; is_deleted?: boolean; price: EtsyMoney; readiness_state_id?: number | null }[];
    property_values: EtsyPropertyValue[];
  }[];
  price_on_property?: number[];
  quantity_on_property?: number[];
  sku_on_property?: number[];
  readiness_state_on_property?: number[] | null;
}

/** Write shape (updateListingInventory, IUpdateListingInventoryPayload): float prices, no read-only ids. */
export interface EtsyInventoryUpdate {
  products: {
    sku?: string | null;
    property_values: { property_id: number; value_ids: number[]; scale_id?: number | null; property_name?: string; values: string[] }[];
    offerings: { price: number; quantity: number; is_enabled: boolean; readiness_state_id: number | null }[];
  }[];
  price_on_property?: number[];
  quantity_on_property?: number[];
  sku_on_property?: number[];
  readiness_state_on_property?: number[] | null;
}

/** getListingsByShop: a page of ShopListing (only the fields we read). */
export interface EtsyListingPage {
  count: number;
  results: { listing_id: number; state?: string; sku?: string[] }[];
}

export interface EtsyTokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string;
}

/** The thin `order.paid` body (contract §A.6, Etsy's reply in open-api discussion #1564). */
export const EtsyWebhookBody = z.object({
  event_type: z.string().min(1),
  resource_url: z.string().min(1),
  // Sources disagree on number vs string; both are accepted and kept as a string.
  shop_id: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String),
});
