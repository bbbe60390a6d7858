/**
 * Everything the sandbox remembers, per shop: what our mutations create (fulfillment services and
 * their locations, accepted/rejected requests, fulfillments, events, inventory levels) and what the
 * "merchant" seeds (orders and their fulfillment orders). Plain records; views in resolvers/.
 */
import { CostBucket, type Plan } from "./cost";
import { IdMint } from "./ids";

export interface AddressRec {
  address1: string | null;
  address2: string | null;
  city: string | null;
  provinceCode: string | null;
  zip: string | null;
  countryCode: string;
}

export interface LocationRec {
  id: bigint;
  name: string;
  address: AddressRec;
  fulfillmentServiceId: bigint | null;
}

export interface FulfillmentServiceRec {
  id: bigint;
  name: string;
  handle: string;
  callbackUrl: string | null;
  inventoryManagement: boolean;
  trackingSupport: boolean;
  requiresShippingMethod: boolean;
  locationId: bigint;
}

export interface InventoryLevelRec {
  locationId: bigint;
  /** available, on_hand, committed, … by name. */
  quantities: Record<string, number>;
  createdAt: string;
  updatedAt: string;
}

export interface InventoryItemRec {
  id: bigint;
  variantId: bigint;
  sku: string;
  tracked: boolean;
  hsCode: string | null;
  countryOfOrigin: string | null;
  countryHsCodes: Array<{ countryCode: string; harmonizedSystemCode: string }>;
  weightGrams: number;
  levels: Map<bigint, InventoryLevelRec>;
}

export interface LineItemRec {
  id: bigint;
  sku: string;
  title: string;
  quantity: number;
  /** Decimal string in shop currency, as Shopify's MoneyV2.amount. */
  price: string;
  inventoryItemId: bigint;
  requiresShipping: boolean;
}

export interface ShippingAddressRec extends AddressRec {
  name: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
}

export interface OrderRec {
  id: bigint;
  name: string;
  email: string | null;
  currency: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  shippingAddress: ShippingAddressRec | null;
  shippingLine: { id: bigint; title: string; code: string | null; source: string | null; price: string } | null;
  lineItems: LineItemRec[];
}

export type FulfillmentOrderStatus = "OPEN" | "IN_PROGRESS" | "SCHEDULED" | "ON_HOLD" | "INCOMPLETE" | "CANCELLED" | "CLOSED";
export type FulfillmentOrderRequestStatus =
  | "UNSUBMITTED" | "SUBMITTED" | "ACCEPTED" | "REJECTED"
  | "CANCELLATION_REQUESTED" | "CANCELLATION_ACCEPTED" | "CANCELLATION_REJECTED" | "CLOSED";

export interface MerchantRequestRec {
  id: bigint;
  kind: "FULFILLMENT_REQUEST" | "CANCELLATION_REQUEST";
  message: string | null;
  requestOptions: Record<string, unknown> | null;
  sentAt: string;
}

export interface FulfillmentOrderLineRec {
  id: bigint;
  lineItemId: bigint;
  inventoryItemId: bigint;
  sku: string;
  title: string;
  totalQuantity: number;
  remainingQuantity: number;
  requiresShipping: boolean;
}

export interface FulfillmentOrderRec {
  id: bigint;
  orderId: bigint;
  locationId: bigint;
  status: FulfillmentOrderStatus;
  requestStatus: FulfillmentOrderRequestStatus;
  createdAt: string;
  updatedAt: string;
  lineItems: FulfillmentOrderLineRec[];
  merchantRequests: MerchantRequestRec[];
  /** What the service answered, kept so tests can assert the reason a merchant will read. */
  responses: Array<{ action: string; message: string | null; reason?: string | null }>;
}

export interface TrackingInfoRec {
  company: string | null;
  number: string | null;
  url: string | null;
}

export interface FulfillmentEventRec {
  id: bigint;
  status: string;
  happenedAt: string;
  createdAt: string;
  estimatedDeliveryAt: string | null;
  message: string | null;
  address1: string | null;
  city: string | null;
  province: string | null;
  zip: string | null;
  country: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface FulfillmentRec {
  id: bigint;
  orderId: bigint;
  locationId: bigint;
  fulfillmentOrderIds: bigint[];
  lines: Array<{ fulfillmentOrderLineId: bigint; quantity: number }>;
  status: "SUCCESS" | "CANCELLED" | "ERROR" | "FAILURE";
  displayStatus: string;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
  inTransitAt: string | null;
  estimatedDeliveryAt: string | null;
  trackingInfo: TrackingInfoRec[];
  /** Every tracking set this fulfillment has had, oldest first (cross-border hand-overs). */
  trackingHistory: TrackingInfoRec[][];
  notifyCustomerCount: number;
  events: FulfillmentEventRec[];
  originCountryCode: string | null;
}

export interface IdempotentOutcome {
  fingerprint: string;
  payload: unknown;
}

export interface ShopState {
  domain: string;
  name: string;
  currency: string;
  accessTokens: Set<string>;
  bucket: CostBucket;
  primaryLocationId: bigint;
  locations: Map<bigint, LocationRec>;
  services: Map<bigint, FulfillmentServiceRec>;
  inventoryItems: Map<bigint, InventoryItemRec>;
  orders: Map<bigint, OrderRec>;
  fulfillmentOrders: Map<bigint, FulfillmentOrderRec>;
  fulfillments: Map<bigint, FulfillmentRec>;
  /** `@idempotent(key:)` outcomes per mutation + key: a repeated key replays the original result. */
  idempotency: Map<string, IdempotentOutcome>;
  orderNumber: number;
}

export class SandboxState {
  readonly shops = new Map<string, ShopState>();
  readonly ids = new IdMint();
  constructor(readonly now: () => number = Date.now) {}

  iso(): string {
    return new Date(this.now()).toISOString();
  }

  addShop(domain: string, opts: { accessToken: string; plan: Plan; name?: string; currency?: string; country?: string }): ShopState {
    const existing = this.shops.get(domain);
    if (existing) {
      existing.accessTokens.add(opts.accessToken);
      return existing;
    }
    const primary: LocationRec = {
      id: this.ids.mint(),
      name: "Shop location",
      address: { address1: "1 Main St", address2: null, city: "Ottawa", provinceCode: "ON", zip: "K1P 1J1", countryCode: opts.country ?? "CA" },
      fulfillmentServiceId: null,
    };
    const shop: ShopState = {
      domain,
      name: opts.name ?? domain.replace(/\.myshopify\.com$/, ""),
      currency: opts.currency ?? "USD",
      accessTokens: new Set([opts.accessToken]),
      bucket: new CostBucket(opts.plan, this.now),
      primaryLocationId: primary.id,
      locations: new Map([[primary.id, primary]]),
      services: new Map(),
      inventoryItems: new Map(),
      orders: new Map(),
      fulfillmentOrders: new Map(),
      fulfillments: new Map(),
      idempotency: new Map(),
      orderNumber: 1000,
    };
    this.shops.set(domain, shop);
    return shop;
  }

  shop(domain: string): ShopState {
    const shop = this.shops.get(domain);
    if (!shop) throw new Error(`sandbox: unknown shop ${domain}`);
    return shop;
  }

  /** The shop whose token this is, or undefined (→ 401). */
  shopForToken(domain: string, token: string | undefined): ShopState | undefined {
    const shop = this.shops.get(domain);
    return shop && token && shop.accessTokens.has(token) ? shop : undefined;
  }

  findItemBySku(shop: ShopState, sku: string): InventoryItemRec | undefined {
    for (const item of shop.inventoryItems.values()) if (item.sku === sku) return item;
    return undefined;
  }
}
