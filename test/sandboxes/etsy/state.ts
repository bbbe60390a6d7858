/**
 * The Etsy sandbox's world: shops, tokens, listings with products/offerings, receipts with their
 * shipments, plus a record of everything Corridor pushed, so tests check from outside.
 * Shapes follow contract §A (etsy-ts 8.0.1 data-contracts).
 */
import { randomBytes } from "node:crypto";

export interface SandboxMoney { amount: number; divisor: number; currency_code: string }
export interface SandboxOffering { offering_id: number; quantity: number; is_enabled: boolean; is_deleted: boolean; price: SandboxMoney; readiness_state_id: number | null }
export interface SandboxPropertyValue { property_id: number; property_name: string | null; scale_id: number | null; scale_name: string | null; value_ids: number[]; values: string[] }
export interface SandboxProduct { product_id: number; sku: string; is_deleted: boolean; offerings: SandboxOffering[]; property_values: SandboxPropertyValue[] }
export interface SandboxInventory {
  products: SandboxProduct[];
  price_on_property: number[];
  quantity_on_property: number[];
  sku_on_property: number[];
  readiness_state_on_property: number[];
}
export type SandboxListingState = "active" | "inactive" | "sold_out" | "draft" | "expired";
export interface SandboxListing { listing_id: number; shop_id: number; currency: string; state: SandboxListingState; created_timestamp: number; inventory: SandboxInventory }
export type SandboxReceipt = Record<string, unknown> & {
  receipt_id: number;
  shop_id: number;
  seller_user_id: number;
  status: string;
  is_paid: boolean;
  is_shipped: boolean;
  create_timestamp: number;
  created_timestamp: number;
  update_timestamp: number;
  updated_timestamp: number;
  shipments: { receipt_shipping_id: number; shipment_notification_timestamp: number; carrier_name: string; tracking_code: string }[];
  transactions: Record<string, unknown>[];
};

export interface EtsyPushRecords {
  inventoryUpdates: { listingId: string; body: unknown }[];
  shipments: { receiptId: string; body: Record<string, unknown> }[];
  tokenGrants: { grantType: string }[];
  requests: { method: string; path: string; status: number }[];
}

export class EtsySandboxState {
  readonly shops = new Map<number, { shop_id: number; user_id: number; shop_name: string }>();
  readonly accessTokens = new Map<string, { userId: number; expiresAt: number }>();
  readonly refreshTokens = new Map<string, { userId: number }>();
  readonly codes = new Map<string, { userId: number; challenge: string; redirectUri: string }>();
  readonly listings = new Map<number, SandboxListing>();
  readonly receipts = new Map<number, SandboxReceipt>();
  readonly records: EtsyPushRecords = { inventoryUpdates: [], shipments: [], tokenGrants: [], requests: [] };
  /**
   * Faults on demand: the next `throttleNext` API calls answer 429; `retryAfterS` adds a
   * retry-after header (whether Etsy sends one is unverified, contract §A.3).
   */
  readonly faults: { throttleNext: number; retryAfterS?: number } = { throttleNext: 0 };
  private nextId = 1_000_000;

  constructor(readonly now: () => number, readonly accessTokenTtlS: number) {}

  id(): number {
    return this.nextId++;
  }

  addShop(shopId: number, userId: number, shopName = `Shop${shopId}`) {
    this.shops.set(shopId, { shop_id: shopId, user_id: userId, shop_name: shopName });
    return this.shops.get(shopId)!;
  }

  /** Tokens look like Etsy's: `<user_id>.<opaque>`. */
  issueTokens(userId: number): { access_token: string; token_type: "Bearer"; expires_in: number; refresh_token: string } {
    const access = `${userId}.${randomBytes(24).toString("base64url")}`;
    const refresh = `${userId}.${randomBytes(24).toString("base64url")}`;
    this.accessTokens.set(access, { userId, expiresAt: this.now() + this.accessTokenTtlS * 1000 });
    this.refreshTokens.set(refresh, { userId });
    return { access_token: access, token_type: "Bearer", expires_in: this.accessTokenTtlS, refresh_token: refresh };
  }

  /** A listing whose products are given as sku → quantity (one offering each, one property). */
  addListing(shopId: number, products: { sku: string; quantity: number; price?: number; color?: string }[], currency = "USD"): SandboxListing {
    const listing: SandboxListing = {
      listing_id: this.id(),
      shop_id: shopId,
      currency,
      state: "active",
      created_timestamp: Math.floor(this.now() / 1000),
      inventory: {
        products: products.map((p, i) => ({
          product_id: this.id(),
          sku: p.sku,
          is_deleted: false,
          offerings: [{ offering_id: this.id(), quantity: p.quantity, is_enabled: true, is_deleted: false, price: { amount: p.price ?? 1999, divisor: 100, currency_code: currency }, readiness_state_id: 1 }],
          property_values: [{ property_id: 200, property_name: "Primary color", scale_id: null, scale_name: null, value_ids: [i + 1], values: [p.color ?? `Color ${i + 1}`] }],
        })),
        price_on_property: [],
        quantity_on_property: [200],
        sku_on_property: [200],
        readiness_state_on_property: [],
      },
    };
    this.listings.set(listing.listing_id, listing);
    return listing;
  }

  /** A paid receipt; `fields` overrides any ShopReceipt field (address, totals, status…). */
  addReceipt(shopId: number, lines: { sku: string | null; quantity: number; price?: number; listingId?: number; title?: string }[], fields: Record<string, unknown> = {}): SandboxReceipt {
    const shop = this.shops.get(shopId);
    const receiptId = this.id();
    const nowS = Math.floor(this.now() / 1000);
    const currency = (fields.currency as string | undefined) ?? "USD";
    const subtotal = lines.reduce((sum, l) => sum + (l.price ?? 1999) * l.quantity, 0);
    const receipt: SandboxReceipt = {
      receipt_id: receiptId,
      receipt_type: 0,
      shop_id: shopId,
      seller_user_id: shop?.user_id ?? 0,
      buyer_user_id: 555,
      buyer_email: "buyer@example.com",
      name: "Ada Buyer",
      first_line: "1 Main St",
      second_line: null,
      city: "Portland",
      state: "OR",
      zip: "97201",
      country_iso: "US",
      status: "paid",
      is_paid: true,
      is_shipped: false,
      create_timestamp: nowS,
      created_timestamp: nowS,
      update_timestamp: nowS,
      updated_timestamp: nowS,
      grandtotal: { amount: subtotal + 500, divisor: 100, currency_code: currency },
      subtotal: { amount: subtotal, divisor: 100, currency_code: currency },
      total_shipping_cost: { amount: 500, divisor: 100, currency_code: currency },
      shipments: [],
      transactions: lines.map((l) => ({
        transaction_id: this.id(),
        receipt_id: receiptId,
        listing_id: l.listingId ?? null,
        product_id: null,
        sku: l.sku,
        title: l.title ?? `Item ${l.sku}`,
        quantity: l.quantity,
        price: { amount: l.price ?? 1999, divisor: 100, currency_code: currency },
        shipping_cost: { amount: 0, divisor: 100, currency_code: currency },
        is_digital: false,
        shipping_method: "Standard",
      })),
      refunds: [],
      ...fields,
    };
    this.receipts.set(receiptId, receipt);
    return receipt;
  }

  /** The seller revoked Corridor (or changed their password): every token of the user stops working. */
  revokeUser(userId: number): void {
    for (const [token, grant] of this.accessTokens) if (grant.userId === userId) this.accessTokens.delete(token);
    for (const [token, grant] of this.refreshTokens) if (grant.userId === userId) this.refreshTokens.delete(token);
  }

  /** Stock of one SKU on a listing (for assertions). */
  quantityOf(listingId: number, sku: string): number | undefined {
    return this.listings.get(listingId)?.inventory.products.find((p) => p.sku === sku && !p.is_deleted)?.offerings[0]?.quantity;
  }
}
