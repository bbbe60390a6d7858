/**
 * Corridor's canonical order: what every channel (Shopify, Etsy, TikTok Shop) is normalised into
 * before routing. Pure data; platform ids stay strings end to end (Shopify's exceed 2^53).
 */

/** ISO 3166-1 alpha-2, upper case ("US", "VN"). */
export type CountryCode = string;
/** ISO 4217 ("USD", "VND"). */
export type CurrencyCode = string;
export type ChannelId = "shopify" | "etsy" | "tiktok";

/** Money in integer minor units of its currency (cents, yen, dong). */
export interface Money {
  amount: number;
  currency: CurrencyCode;
}

export interface DangerousGoods {
  /** Lithium battery content, per IATA UN3480/3481/3090/3091. */
  lithium?: "none" | "ion_in_equipment" | "ion_with_equipment" | "ion_loose" | "metal_in_equipment" | "metal_with_equipment" | "metal_loose";
  /** Watt-hours per cell/battery, when lithium ion. */
  wattHours?: number;
  /** Other restricted classes (e.g. "flammable_liquid", "aerosol", "magnetized"). */
  otherClasses?: string[];
}

export interface OrderLine {
  /** The channel's line id (Shopify LineItem GID, Etsy transaction id, TikTok SKU group key). */
  externalLineId: string;
  sku: string;
  quantity: number;
  /** Unit price in minor units of `currency`. */
  unitPrice: number;
  currency: CurrencyCode;
  /** Unit weight in grams. */
  weightGrams: number;
  title?: string;
  hsCode?: string;
  countryOfOrigin?: CountryCode;
  dangerousGoods?: DangerousGoods;
}

export interface ShipTo {
  countryCode: CountryCode;
  provinceCode?: string;
  city?: string;
  zip?: string;
  /** PII below: never logged, erased on customers/redact. */
  name?: string;
  address1?: string;
  address2?: string;
  phone?: string;
  email?: string;
}

export interface CanonicalOrder {
  channel: ChannelId;
  /** The shop / seller account this order belongs to (e.g. "acme.myshopify.com"). */
  shopDomain: string;
  /** The channel's order id as a string (Shopify: the numeric id from admin_graphql_api_id). */
  externalId: string;
  /** Human name shown to merchants ("#1001"). */
  name: string;
  /** When the channel last changed the order; newer beats older, never the arrival order. */
  updatedAt: string;
  placedAt: string;
  cancelledAt?: string | null;
  currency: CurrencyCode;
  lines: OrderLine[];
  shipTo: ShipTo;
  /** The shipping method the shopper picked, as the channel names it ("Standard", "Express"). */
  shippingMethod?: string;
  /** Shipping charged to the shopper, minor units of `currency`. */
  shippingCharged?: number;
  /**
   * The channel's customer, when the channel names one: Shopify Customer GID, Etsy buyer_user_id,
   * TikTok user_id. Kept in orders.customer_id; absent for guests.
   */
  customerId?: string;
}
