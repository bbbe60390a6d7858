/**
 * The TikTok Shop sandbox's world: authorised shops with ciphers, tokens, orders (one line item
 * per unit), products with SKUs and per-warehouse inventory, delivery options with their
 * shipping providers, packages — plus records of what Corridor pushed. Contract §B.
 */
import { randomBytes } from "node:crypto";

export interface TtsSandboxShop { id: string; name: string; region: string; seller_type: string; cipher: string; code: string }
export interface TtsSandboxSku { id: string; seller_sku: string; warehouses: Map<string, number> }
export interface TtsSandboxProduct { id: string; shopId: string; status: "ACTIVATE" | "DRAFT"; skus: TtsSandboxSku[] }
export type TtsSandboxOrder = Record<string, unknown> & {
  id: string;
  shopId: string;
  status: string;
  update_time: number;
  create_time: number;
  delivery_option_id: string;
  line_items: (Record<string, unknown> & { id: string; sku_id: string; seller_sku: string; package_id?: string; tracking_number?: string })[];
  packages: { id: string }[];
};

export interface TiktokPushRecords {
  inventoryUpdates: { productId: string; body: unknown }[];
  packages: { orderId: string; body: Record<string, unknown> }[];
  requests: { method: string; path: string; status: number; code?: number }[];
}

let counter = 7_300_000_000_000_000_000n;
export const bigId = (): string => String(++counter); // 64-bit ids, beyond 2^53 like TikTok's

export class TiktokSandboxState {
  readonly shops = new Map<string, TtsSandboxShop>();
  readonly authCodes = new Map<string, string[]>();
  readonly accessTokens = new Map<string, { shopIds: string[]; expiresAt: number }>();
  readonly refreshTokens = new Map<string, { shopIds: string[] }>();
  readonly orders = new Map<string, TtsSandboxOrder>();
  readonly products = new Map<string, TtsSandboxProduct>();
  /** delivery_option_id → shipping providers */
  readonly deliveryOptions = new Map<string, { id: string; name: string }[]>();
  readonly records: TiktokPushRecords = { inventoryUpdates: [], packages: [], requests: [] };
  /** Faults on demand: the next `throttleNext` shop-scoped calls answer HTTP 429 (rate limit). */
  readonly faults = { throttleNext: 0 };

  constructor(readonly now: () => number, readonly accessTokenTtlS: number) {
    this.deliveryOptions.set("7000000000000000001", [
      { id: "6617675021119438849", name: "USPS" },
      { id: "6617675021119438850", name: "UPS" },
      { id: "6617675021119438851", name: "FedEx" },
    ]);
  }

  addShop(name = "Corridor Test Shop", region = "US"): TtsSandboxShop {
    const shop = { id: bigId(), name, region, seller_type: "CROSS_BORDER", cipher: `ROW_${randomBytes(12).toString("base64url")}`, code: `US${randomBytes(3).toString("hex").toUpperCase()}` };
    this.shops.set(shop.id, shop);
    return shop;
  }

  issueAuthCode(shopIds: string[]): string {
    const code = `auth_${randomBytes(8).toString("hex")}`;
    this.authCodes.set(code, shopIds);
    return code;
  }

  /** Token data with ABSOLUTE `*_expire_in` timestamps, as TikTok sends them. */
  issueTokens(shopIds: string[]) {
    const access = `ROW_${randomBytes(24).toString("base64url")}`;
    const refresh = `ROW_${randomBytes(24).toString("base64url")}`;
    const nowS = Math.floor(this.now() / 1000);
    this.accessTokens.set(access, { shopIds, expiresAt: (nowS + this.accessTokenTtlS) * 1000 });
    this.refreshTokens.set(refresh, { shopIds });
    return {
      access_token: access,
      access_token_expire_in: nowS + this.accessTokenTtlS,
      refresh_token: refresh,
      refresh_token_expire_in: nowS + 365 * 86_400,
      open_id: `open_${shopIds[0] ?? "none"}`,
      seller_name: "Sandbox Seller",
      seller_base_region: "US",
      user_type: 0,
      granted_scopes: ["seller.order.info", "seller.fulfillment.basic", "seller.product.write"],
    };
  }

  addProduct(shopId: string, skus: { sellerSku: string; warehouses: Record<string, number> }[]): TtsSandboxProduct {
    const product: TtsSandboxProduct = {
      id: bigId(),
      shopId,
      status: "ACTIVATE",
      skus: skus.map((s) => ({ id: bigId(), seller_sku: s.sellerSku, warehouses: new Map(Object.entries(s.warehouses)) })),
    };
    this.products.set(product.id, product);
    return product;
  }

  /** An order; `units` lists one entry per UNIT (TikTok has no quantity). */
  addOrder(shopId: string, units: { skuId: string; sellerSku: string; salePrice?: string; productId?: string }[], fields: Record<string, unknown> = {}): TtsSandboxOrder {
    const nowS = Math.floor(this.now() / 1000);
    const id = bigId();
    const order: TtsSandboxOrder = {
      id,
      shopId,
      status: "AWAITING_SHIPMENT",
      create_time: nowS,
      update_time: nowS,
      paid_time: nowS,
      shipping_type: "SELLER",
      delivery_option_id: "7000000000000000001",
      delivery_option_name: "Standard shipping",
      is_on_hold_order: false,
      buyer_email: "v1buyer@scs.tiktokw.us",
      payment: { currency: "USD", sub_total: "0.00", shipping_fee: "4.99", tax: "0.00", total_amount: "0.00" },
      recipient_address: {
        name: "Bao Tran",
        phone_number: "(+1)555-0100",
        address_line1: "500 Market St",
        address_line2: "Apt 4",
        postal_code: "94105",
        region_code: "US",
        district_info: [
          { address_level: "L0", address_level_name: "Country", address_name: "United States" },
          { address_level: "L1", address_level_name: "State", address_name: "California" },
          { address_level: "L3", address_level_name: "City", address_name: "San Francisco" },
        ],
      },
      line_items: units.map((u) => ({
        id: bigId(),
        product_id: u.productId ?? "0",
        product_name: `Product ${u.sellerSku}`,
        sku_id: u.skuId,
        seller_sku: u.sellerSku,
        sku_name: "Default",
        currency: "USD",
        original_price: u.salePrice ?? "12.50",
        sale_price: u.salePrice ?? "12.50",
        display_status: "AWAITING_SHIPMENT",
      })),
      packages: [],
      ...fields,
    };
    this.orders.set(id, order);
    return order;
  }

  quantityOf(productId: string, skuId: string, warehouseId: string): number | undefined {
    return this.products.get(productId)?.skus.find((s) => s.id === skuId)?.warehouses.get(warehouseId);
  }
}
