/**
 * TikTok Shop Partner API 202309 shapes Corridor uses (contract §B, SDK models `model/order/V202309`,
 * `model/product/V202309`, `model/fulfillment/V202309`). Ids are 64-bit: always strings.
 */
import { z } from "zod";

export interface TiktokEnvelope<T> {
  code: number;
  message: string;
  request_id: string;
  data?: T;
}

export type TiktokOrderStatus = "UNPAID" | "ON_HOLD" | "AWAITING_SHIPMENT" | "PARTIALLY_SHIPPING" | "AWAITING_COLLECTION" | "IN_TRANSIT" | "DELIVERED" | "COMPLETED" | "CANCELLED";

export interface TiktokLineItem {
  id: string;
  product_id: string;
  product_name?: string;
  sku_id: string;
  seller_sku?: string;
  sku_name?: string;
  currency: string;
  original_price?: string;
  sale_price: string;
  display_status?: string;
  package_id?: string;
  package_status?: string;
  tracking_number?: string;
}

export interface TiktokOrder {
  id: string;
  status: TiktokOrderStatus;
  create_time: number;
  update_time: number;
  paid_time?: number;
  shipping_type?: "TIKTOK" | "SELLER";
  delivery_option_id?: string;
  delivery_option_name?: string;
  warehouse_id?: string;
  /** The buyer's TikTok user id. */
  user_id?: string;
  buyer_email?: string;
  payment: { currency: string; sub_total?: string; shipping_fee?: string; tax?: string; total_amount?: string };
  recipient_address?: {
    name?: string;
    phone_number?: string;
    address_line1?: string;
    address_line2?: string;
    postal_code?: string;
    region_code?: string;
    district_info?: { address_level?: string; address_level_name?: string; address_name?: string }[];
  };
  line_items: TiktokLineItem[];
  packages?: { id: string }[];
  tracking_number?: string;
}

export interface TiktokInventorySearch {
  inventory: {
    product_id: string;
    skus: { id: string; seller_sku?: string; total_available_quantity?: number; warehouse_inventory: { warehouse_id: string; available_quantity: number; committed_quantity?: number }[] }[];
  }[];
}

/** Search Products (POST /product/202309/products/search): SDK `Product202309SearchProductsResponseData`. */
export interface TiktokProductSearch {
  products?: {
    id: string;
    status?: string;
    skus?: { id: string; seller_sku?: string; inventory?: { warehouse_id: string; quantity?: number }[] }[];
  }[];
  next_page_token?: string;
  total_count?: number;
}

export interface TiktokTokenData {
  access_token: string;
  access_token_expire_in: number;
  refresh_token: string;
  refresh_token_expire_in: number;
  open_id?: string;
  seller_name?: string;
  seller_base_region?: string;
  granted_scopes?: string[];
}

export interface TiktokShop {
  id: string;
  name?: string;
  region?: string;
  seller_type?: string;
  cipher: string;
  code?: string;
}

/** Webhook event type numbers (contract §B.6). */
export const TIKTOK_EVENT_TYPES: Readonly<Record<number, string>> = {
  1: "ORDER_STATUS_CHANGE",
  2: "REVERSE_STATUS_UPDATE",
  3: "RECIPIENT_ADDRESS_UPDATE",
  4: "PACKAGE_UPDATE",
  5: "PRODUCT_STATUS_CHANGE",
  6: "SELLER_DEAUTHORIZATION",
  7: "UPCOMING_AUTHORIZATION_EXPIRATION",
  11: "CANCELLATION_STATUS_CHANGE",
  12: "RETURN_STATUS_CHANGE",
  13: "NEW_CONVERSATION",
  14: "NEW_MESSAGE",
  15: "PRODUCT_INFORMATION_CHANGE",
  16: "PRODUCT_CREATION",
  18: "PRODUCT_CATEGORY_CHANGE",
};

const idString = z.union([z.string().regex(/^\d+$/), z.number().int()]).transform(String);

export const TiktokWebhookBody = z.object({
  type: z.number().int(),
  tts_notification_id: z.string().min(1),
  shop_id: idString,
  timestamp: z.number().int(),
  data: z.object({ order_id: idString.optional() }).passthrough().optional(),
});
