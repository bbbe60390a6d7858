/**
 * Every Drizzle table, in one place. SQL is snake_case, TypeScript camelCase. Platform ids are
 * text (Shopify's exceed 2^53). Money is integer minor units plus a currency code. Idempotency
 * keys live in fields named for them, each backed by a unique constraint.
 *
 * Migrations are generated from this file by drizzle-kit into drizzle/ (npm run db:generate).
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import type { CanonicalOrder, DangerousGoods } from "../domain/order";
import type { RecordedLandedCost } from "../domain/customs/shipment-customs";

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const createdAt = () => ts("created_at").notNull().defaultNow();

/** Shopify sessions, shaped as @shopify/shopify-app-session-storage-drizzle requires. */
export const sessionTable = pgTable("session", {
  id: text("id").primaryKey(),
  shop: text("shop").notNull(),
  state: text("state").notNull(),
  isOnline: boolean("isOnline").default(false).notNull(),
  scope: text("scope"),
  expires: timestamp("expires", { mode: "date" }),
  accessToken: text("accessToken").notNull(),
  userId: bigint("userId", { mode: "number" }),
  firstName: text("firstName"),
  lastName: text("lastName"),
  email: text("email"),
  accountOwner: boolean("accountOwner"),
  locale: text("locale"),
  collaborator: boolean("collaborator"),
  emailVerified: boolean("emailVerified"),
  refreshToken: text("refreshToken"),
  refreshTokenExpires: timestamp("refreshTokenExpires", { mode: "date" }),
});

/** A merchant account in Corridor, keyed by its Shopify domain (Etsy/TikTok-only sellers get one too). */
export const shops = pgTable("shops", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  domain: text("domain").notNull().unique(),
  status: text("status", { enum: ["active", "uninstalled", "redacted"] }).notNull().default("active"),
  locale: text("locale").notNull().default("en"),
  /** Routing policy, thresholds, notification preferences: validated by app/domain settings schemas. */
  settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
  installedAt: createdAt(),
  uninstalledAt: ts("uninstalled_at"),
});

/** One storefront account per channel: Shopify shop, Etsy shop, TikTok shop (with its cipher). */
export const channelConnections = pgTable(
  "channel_connections",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    shopId: bigint("shop_id", { mode: "number" }).notNull().references(() => shops.id, { onDelete: "cascade" }),
    channel: text("channel", { enum: ["shopify", "etsy", "tiktok"] }).notNull(),
    /** The platform's account id: myshopify domain, Etsy shop_id, TikTok shop id. */
    externalAccountId: text("external_account_id").notNull(),
    status: text("status", { enum: ["connected", "needs_reauth", "disconnected"] }).notNull().default("connected"),
    /** Why the status is what it is, for the merchant ("Etsy refused the token: invalid_grant"); null when connected. */
    statusReason: text("status_reason"),
    statusChangedAt: ts("status_changed_at"),
    /**
     * Tokens and platform specifics (shop cipher, refresh token, fulfillment service location ids).
     * Secret fields (…Token, …Secret) hold sealed envelopes: read and write them through
     * app/channels/connection-store.server.ts only.
     */
    credentials: jsonb("credentials").$type<Record<string, unknown>>().notNull().default({}),
    /** Polling cursor for channels without (reliable) webhooks. */
    syncCursor: text("sync_cursor"),
    lastWebhookAt: ts("last_webhook_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("channel_connections_account_key").on(t.channel, t.externalAccountId), index("channel_connections_shop_idx").on(t.shopId)],
);

/**
 * An OAuth connect in flight (Etsy, TikTok Shop), keyed by the SHA-256 of the random `state` sent
 * to the platform and bound to the Corridor shop that started it; the PKCE verifier is sealed.
 * Single-use (the callback deletes the row it completes) and short-lived (`expiresAt`).
 */
export const channelConnectAttempts = pgTable(
  "channel_connect_attempts",
  {
    stateHash: text("state_hash").primaryKey(),
    shopId: bigint("shop_id", { mode: "number" }).notNull().references(() => shops.id, { onDelete: "cascade" }),
    channel: text("channel", { enum: ["etsy", "tiktok"] }).notNull(),
    verifier: text("verifier"),
    redirectUri: text("redirect_uri").notNull(),
    expiresAt: ts("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("channel_connect_attempts_expires_idx").on(t.expiresAt)],
);

/**
 * Every verified delivery from a storefront, committed before we acknowledge it.
 * `deliveryId` is the platform's per-delivery id (X-Shopify-Webhook-Id, webhook-id, …): a
 * redelivery hits the unique key and is acknowledged without a second row.
 */
export const webhookInbox = pgTable(
  "webhook_inbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    channel: text("channel", { enum: ["shopify", "etsy", "tiktok", "warehouse"] }).notNull(),
    deliveryId: text("delivery_id").notNull(),
    topic: text("topic").notNull(),
    shopDomain: text("shop_domain").notNull(),
    /** X-Shopify-Event-Id: shared by the topics of one merchant action; kept for tracing only. */
    eventId: text("event_id"),
    triggeredAt: ts("triggered_at"),
    headers: jsonb("headers").$type<Record<string, string>>().notNull(),
    /** The exact bytes that were signed. */
    rawBody: bytea("raw_body").notNull(),
    status: text("status", { enum: ["pending", "processed", "failed", "ignored"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    correlationId: text("correlation_id").notNull(),
    receivedAt: ts("received_at").notNull().defaultNow(),
    processedAt: ts("processed_at"),
  },
  (t) => [
    uniqueIndex("webhook_inbox_delivery_key").on(t.channel, t.deliveryId),
    index("webhook_inbox_pending_idx").on(t.status, t.id),
  ],
);

/** The merchant's products by SKU, with what customs and routing need to know about them. */
export const skus = pgTable(
  "skus",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    shopId: bigint("shop_id", { mode: "number" }).notNull().references(() => shops.id, { onDelete: "cascade" }),
    sku: text("sku").notNull(),
    title: text("title"),
    weightGrams: integer("weight_grams").notNull().default(0),
    unitValue: integer("unit_value"),
    currency: text("currency"),
    hsCode: text("hs_code"),
    /** National tariff extensions by destination: { US: "6109100012", GB: "6109100010" }. */
    hsCodesByCountry: jsonb("hs_codes_by_country").$type<Record<string, string>>().notNull().default({}),
    countryOfOrigin: text("country_of_origin"),
    customsDescription: text("customs_description"),
    material: text("material"),
    dangerousGoods: jsonb("dangerous_goods").$type<DangerousGoods>().notNull().default({}),
    /** Per channel listing ids: { shopify: { inventoryItemId }, etsy: { listingId, productId }, … }. */
    channelRefs: jsonb("channel_refs").$type<Record<string, Record<string, string>>>().notNull().default({}),
  },
  (t) => [uniqueIndex("skus_shop_sku_key").on(t.shopId, t.sku)],
);

/** Orders from every channel in canonical form. One row per (shop, channel, external id). */
export const orders = pgTable(
  "orders",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    shopId: bigint("shop_id", { mode: "number" }).notNull().references(() => shops.id, { onDelete: "cascade" }),
    channel: text("channel", { enum: ["shopify", "etsy", "tiktok"] }).notNull(),
    externalId: text("external_id").notNull(),
    name: text("name").notNull(),
    stage: text("stage", {
      enum: ["received", "routed", "at_warehouse", "shipped", "delivered", "cancelled", "exception"],
    })
      .notNull()
      .default("received"),
    /** The channel's updated_at of the state we hold: older deliveries never overwrite it. */
    channelUpdatedAt: ts("channel_updated_at").notNull(),
    /** Bumped on every accepted change; routing job ids include it. */
    revision: integer("revision").notNull().default(1),
    canonical: jsonb("canonical").$type<CanonicalOrder>().notNull(),
    /**
     * The channel's customer when known (Shopify Customer GID, Etsy buyer user id, TikTok user id):
     * the order-status endpoint shows an order only to the customer whose token `sub` matches it.
     */
    customerId: text("customer_id"),
    destinationCountry: text("destination_country").notNull(),
    currency: text("currency").notNull(),
    placedAt: ts("placed_at").notNull(),
    cancelledAt: ts("cancelled_at"),
    /** The routing decision with its explanation (policy, candidates, cost terms), as decided. */
    routingDecision: jsonb("routing_decision").$type<Record<string, unknown>>(),
    correlationId: text("correlation_id"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("orders_external_key").on(t.shopId, t.channel, t.externalId),
    index("orders_shop_stage_idx").on(t.shopId, t.stage, t.placedAt),
    // The admin's order list, newest first. NULLS FIRST is what a plain ORDER BY … DESC means; with
    // drizzle's default (NULLS LAST) the planner could not read the list from it and sorted the whole
    // shop instead (bench orders-page, 100k orders: page 1 query 298 → 0.2 ms).
    index("orders_shop_placed_idx").on(t.shopId, t.placedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // The list filtered by destination (a rare country walked 25k rows of the index above: 85 ms);
    // the list's filter choices read the shop's distinct countries from it too.
    index("orders_shop_destination_idx").on(t.shopId, t.destinationCountry, t.placedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // Search by any part of an order's name ("1042" finds "#VN-1042"): trigrams (the pg_trgm migration creates the extension).
    index("orders_name_trgm_idx").using("gin", t.name.op("gin_trgm_ops")),
    // Home: the orders that reached shipped or delivered today.
    index("orders_shop_updated_idx").on(t.shopId, t.updatedAt),
  ],
);

export const orderLines = pgTable(
  "order_lines",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orderId: bigint("order_id", { mode: "number" }).notNull().references(() => orders.id, { onDelete: "cascade" }),
    externalLineId: text("external_line_id").notNull(),
    sku: text("sku").notNull(),
    quantity: integer("quantity").notNull(),
    unitPrice: integer("unit_price").notNull(),
    currency: text("currency").notNull(),
    weightGrams: integer("weight_grams").notNull().default(0),
    hsCode: text("hs_code"),
    countryOfOrigin: text("country_of_origin"),
  },
  (t) => [uniqueIndex("order_lines_external_key").on(t.orderId, t.externalLineId)],
);

/** Shopify fulfillment orders assigned to Corridor's fulfillment-service location(s). */
export const fulfillmentOrders = pgTable(
  "fulfillment_orders",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    shopId: bigint("shop_id", { mode: "number" }).notNull().references(() => shops.id, { onDelete: "cascade" }),
    orderId: bigint("order_id", { mode: "number" }).references(() => orders.id, { onDelete: "cascade" }),
    /** gid://shopify/FulfillmentOrder/<n> */
    externalId: text("external_id").notNull(),
    externalOrderId: text("external_order_id").notNull(),
    locationId: text("location_id"),
    status: text("status").notNull(),
    requestStatus: text("request_status").notNull(),
    /** [{ id: FulfillmentOrderLineItem GID, sku, quantity }] */
    lines: jsonb("lines").$type<{ id: string; sku: string; quantity: number }[]>().notNull().default([]),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  // By order: a shipment push and a tracking update find their order's fulfillment orders (a seq scan per parcel otherwise).
  (t) => [uniqueIndex("fulfillment_orders_external_key").on(t.shopId, t.externalId), index("fulfillment_orders_order_idx").on(t.orderId)],
);

/** Partner warehouses: origin (Vietnam) or overseas 3PLs, each reached through one connector. */
export const warehouses = pgTable(
  "warehouses",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    shopId: bigint("shop_id", { mode: "number" }).notNull().references(() => shops.id, { onDelete: "cascade" }),
    /** Merchant-chosen stable code ("VN-HCM", "US-RNO"). */
    code: text("code").notNull(),
    name: text("name").notNull(),
    /** Connector folder under app/warehouses/ ("sandbox", "shipbob", "amazon-mcf"). */
    connector: text("connector").notNull(),
    /** Connector settings: base URL, credential reference, partner's location id. */
    connectorConfig: jsonb("connector_config").$type<Record<string, unknown>>().notNull().default({}),
    countryCode: text("country_code").notNull(),
    kind: text("kind", { enum: ["origin", "overseas"] }).notNull(),
    /** { lithium: boolean, ddp: boolean, prohibited?: string[] } */
    capabilities: jsonb("capabilities").$type<Record<string, unknown>>().notNull().default({}),
    /** Daily cut-off in the warehouse's time zone, "HH:MM". */
    cutoffTime: text("cutoff_time").notNull().default("14:00"),
    timeZone: text("time_zone").notNull().default("UTC"),
    priority: integer("priority").notNull().default(0),
    /** Per-order handling fee, minor units of feeCurrency. */
    handlingFee: integer("handling_fee").notNull().default(0),
    feeCurrency: text("fee_currency").notNull().default("USD"),
    /** Import duty on stock here is settled at bulk import (overseas), not per parcel. */
    dutiesPrepaid: boolean("duties_prepaid").notNull().default(false),
    /** Shopify fulfillment-service location this warehouse maps to, when one exists. */
    shopifyLocationId: text("shopify_location_id"),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("warehouses_shop_code_key").on(t.shopId, t.code)],
);

/** What a warehouse can ship where: one row per destination zone and mode. */
export const warehouseLanes = pgTable(
  "warehouse_lanes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    warehouseId: bigint("warehouse_id", { mode: "number" }).notNull().references(() => warehouses.id, { onDelete: "cascade" }),
    /** Destination countries served by this lane (ISO alpha-2). */
    destinations: text("destinations").array().notNull(),
    mode: text("mode", { enum: ["air", "sea", "ground", "express"] }).notNull(),
    carrier: text("carrier"),
    transitDaysMin: integer("transit_days_min").notNull(),
    transitDaysMax: integer("transit_days_max").notNull(),
    baseCost: integer("base_cost").notNull(),
    perKgCost: integer("per_kg_cost").notNull(),
    /** Named surcharges in minor units: { fuel: 120, remote: 300 }. */
    surcharges: jsonb("surcharges").$type<Record<string, number>>().notNull().default({}),
    currency: text("currency").notNull(),
    allowsLithium: boolean("allows_lithium").notNull().default(false),
    ddp: boolean("ddp").notNull().default(false),
  },
  (t) => [index("warehouse_lanes_warehouse_idx").on(t.warehouseId)],
);

/**
 * Stock per warehouse and SKU. available = onHand − reserved; the checks make overselling a
 * constraint violation rather than a bug to find later.
 */
export const inventoryLevels = pgTable(
  "inventory_levels",
  {
    warehouseId: bigint("warehouse_id", { mode: "number" }).notNull().references(() => warehouses.id, { onDelete: "cascade" }),
    sku: text("sku").notNull(),
    onHand: integer("on_hand").notNull().default(0),
    reserved: integer("reserved").notNull().default(0),
    safetyBuffer: integer("safety_buffer").notNull().default(0),
    /**
     * Reserved units the warehouse's last count no longer included: shipped there, their shipment
     * not applied here yet. onHand carries them so reserved <= onHand holds; the consumption or
     * release of those reservations takes them off again (finding 18 in docs/RELIABILITY.md).
     */
    uncountedReserved: integer("uncounted_reserved").notNull().default(0),
    /** When the warehouse last reported this level (its own timestamp). */
    reportedAt: ts("reported_at"),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.warehouseId, t.sku] }),
    check("inventory_levels_reserved_nonneg", sql`${t.reserved} >= 0`),
    check("inventory_levels_on_hand_nonneg", sql`${t.onHand} >= 0`),
    check("inventory_levels_no_oversell", sql`${t.reserved} <= ${t.onHand}`),
    check("inventory_levels_uncounted_reserved_nonneg", sql`${t.uncountedReserved} >= 0`),
  ],
);

/**
 * One shipment-to-be from one warehouse for part or all of an order. `clientReference` is the
 * idempotency key sent to the warehouse (≤ 40 ASCII chars: Amazon MCF's limit), so a retried
 * dispatch can never create a second warehouse order.
 */
export const allocations = pgTable(
  "allocations",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orderId: bigint("order_id", { mode: "number" }).notNull().references(() => orders.id, { onDelete: "cascade" }),
    warehouseId: bigint("warehouse_id", { mode: "number" }).notNull().references(() => warehouses.id),
    clientReference: text("client_reference").notNull().unique(),
    status: text("status", {
      enum: ["reserved", "dispatching", "accepted", "picked", "packed", "shipped", "in_transit", "delivered", "cancelled", "failed"],
    })
      .notNull()
      .default("reserved"),
    mode: text("mode").notNull(),
    expectedCost: integer("expected_cost").notNull(),
    costCurrency: text("cost_currency").notNull(),
    expectedDeliveryAt: ts("expected_delivery_at"),
    warehouseOrderId: text("warehouse_order_id"),
    carrier: text("carrier"),
    trackingNumber: text("tracking_number"),
    trackingUrl: text("tracking_url"),
    /** The storefront's fulfillment created for this shipment (Shopify Fulfillment GID, …). */
    channelFulfillmentId: text("channel_fulfillment_id"),
    dispatchedAt: ts("dispatched_at"),
    shippedAt: ts("shipped_at"),
    deliveredAt: ts("delivered_at"),
    /** The warehouse_lanes row routing chose; null once a warehouse import replaced its lanes (the fields below stay). */
    laneId: bigint("lane_id", { mode: "number" }).references(() => warehouseLanes.id, { onDelete: "set null" }),
    /** The lane's carrier service as routed ("vnpost", "dhl"); `carrier` is what the warehouse reports at shipment. */
    laneCarrier: text("lane_carrier"),
    /** The lane's carrier is a post: a CN23 goes with the parcel. */
    postal: boolean("postal").notNull().default(false),
    /** Outside the destination's customs territory: customs documents go with it. Null on rows routed before it was recorded. */
    crossBorder: boolean("cross_border"),
    /** Incoterms 2020 routing shipped under: DDP when the merchant prepays duty and tax; null when domestic. */
    incoterm: text("incoterm", { enum: ["DDP", "DAP"] }),
    /** The landed-cost quote routing priced this shipment with: duty, tax, fees, payer, FX rate/source/date, indicative. */
    landedCost: jsonb("landed_cost").$type<RecordedLandedCost>(),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("allocations_order_idx").on(t.orderId),
    // The orders list filtered by a warehouse that ships few of them; deleting a warehouse.
    index("allocations_warehouse_idx").on(t.warehouseId, t.orderId),
    // Home's on-time rate reads the last 30 days of deliveries.
    index("allocations_delivered_idx").on(t.deliveredAt).where(sql`${t.deliveredAt} is not null`),
    // The shipment relay reads parcels that left without reaching their storefront: a handful at any time.
    index("allocations_unpushed_idx").on(t.updatedAt).where(sql`${t.channelFulfillmentId} is null and ${t.trackingNumber} is not null`),
  ],
);

export const allocationLines = pgTable(
  "allocation_lines",
  {
    allocationId: bigint("allocation_id", { mode: "number" }).notNull().references(() => allocations.id, { onDelete: "cascade" }),
    orderLineId: bigint("order_line_id", { mode: "number" }).notNull().references(() => orderLines.id, { onDelete: "cascade" }),
    sku: text("sku").notNull(),
    quantity: integer("quantity").notNull(),
  },
  (t) => [primaryKey({ columns: [t.allocationId, t.orderLineId] })],
);

/** Stock held for an allocation; released on cancel, consumed when the warehouse ships. */
export const reservations = pgTable(
  "reservations",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    allocationId: bigint("allocation_id", { mode: "number" }).notNull().references(() => allocations.id, { onDelete: "cascade" }),
    warehouseId: bigint("warehouse_id", { mode: "number" }).notNull().references(() => warehouses.id),
    sku: text("sku").notNull(),
    quantity: integer("quantity").notNull(),
    status: text("status", { enum: ["held", "consumed", "released"] }).notNull().default("held"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("reservations_allocation_sku_key").on(t.allocationId, t.sku),
    check("reservations_quantity_pos", sql`${t.quantity} > 0`),
  ],
);

/**
 * Tracking events per shipment. `eventKey` (the partner's event id, or a hash of its fields)
 * makes a repeated event a no-op; `sequence` is the parcel's progress rank, so a late event is
 * stored for history but never moves the parcel backwards.
 */
export const trackingEvents = pgTable(
  "tracking_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    allocationId: bigint("allocation_id", { mode: "number" }).notNull().references(() => allocations.id, { onDelete: "cascade" }),
    eventKey: text("event_key").notNull(),
    status: text("status").notNull(),
    sequence: integer("sequence").notNull(),
    happenedAt: ts("happened_at").notNull(),
    carrier: text("carrier"),
    trackingNumber: text("tracking_number"),
    location: text("location"),
    message: text("message"),
    /** Set once the storefront has the event (fulfillmentEventCreate, …). */
    pushedAt: ts("pushed_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("tracking_events_key").on(t.allocationId, t.eventKey)],
);

/** What each storefront last got from us, per SKU and location: the base of changeFromQuantity. */
export const storefrontStock = pgTable(
  "storefront_stock",
  {
    connectionId: bigint("connection_id", { mode: "number" }).notNull().references(() => channelConnections.id, { onDelete: "cascade" }),
    sku: text("sku").notNull(),
    /** Storefront-side location (Shopify Location GID, TikTok warehouse id; "" where none). */
    locationRef: text("location_ref").notNull().default(""),
    lastPushedQuantity: integer("last_pushed_quantity"),
    lastPushedAt: ts("last_pushed_at"),
    /** When the change that the last push carried was first seen: sync lag = pushedAt − this. */
    changeSeenAt: ts("change_seen_at"),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.sku, t.locationRef] })],
);

/** An order's timeline, from webhook to delivery, as merchants and support read it. */
export const orderEvents = pgTable(
  "order_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orderId: bigint("order_id", { mode: "number" }).notNull().references(() => orders.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    correlationId: text("correlation_id"),
    at: ts("at").notNull().defaultNow(),
  },
  (t) => [index("order_events_order_idx").on(t.orderId, t.at)],
);

/**
 * Work that needs a human: malformed webhooks, unroutable orders, failed dispatches and syncs,
 * jobs that exhausted their retries. `dedupeKey` keeps one open exception per subject and kind.
 */
export const exceptions = pgTable(
  "exceptions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    shopDomain: text("shop_domain"),
    kind: text("kind", {
      enum: ["malformed_webhook", "unroutable_order", "dispatch_failed", "sync_failed", "tracking_failed", "job_failed"],
    }).notNull(),
    /** What it is about: "inbox:42", "order:17", "allocation:9", "job:route-order:…". */
    subject: text("subject").notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    /** Stable machine code (e.g. "INVALID_JSON", "NO_STOCK"). */
    code: text("code").notNull(),
    /** For operators: the full reason, partner response, stack. */
    reason: text("reason").notNull(),
    /** For merchants: one sentence saying what to do, through the i18n catalog key or text. */
    merchantMessage: text("merchant_message"),
    /** What replay/retry needs: queue, job name and data, or the inbox id. */
    replay: jsonb("replay").$type<Record<string, unknown>>(),
    status: text("status", { enum: ["open", "resolved", "dismissed"] }).notNull().default("open"),
    correlationId: text("correlation_id"),
    createdAt: createdAt(),
    resolvedAt: ts("resolved_at"),
  },
  (t) => [
    uniqueIndex("exceptions_open_key").on(t.dedupeKey).where(sql`${t.status} = 'open'`),
    index("exceptions_shop_status_idx").on(t.shopDomain, t.status),
  ],
);

/**
 * Privacy-law requests from the platforms (customers/data_request, customers/redact, shop/redact):
 * what was asked, what Corridor did, and for data requests the export handed to the merchant.
 * No foreign key to shops: a shop/redact record outlives the shop's data.
 */
export const complianceRequests = pgTable(
  "compliance_requests",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    shopDomain: text("shop_domain").notNull(),
    topic: text("topic").notNull(),
    inboxId: bigint("inbox_id", { mode: "number" }).notNull().unique(),
    /** The platform's customer id (never the email). */
    customerRef: text("customer_ref"),
    /** For data requests: the data held about the customer; erased again after it is served. */
    export: jsonb("export").$type<Record<string, unknown>>(),
    /** For redactions: what was erased (counts, never the data). */
    result: jsonb("result").$type<Record<string, unknown>>().notNull().default({}),
    completedAt: ts("completed_at").notNull().defaultNow(),
  },
  (t) => [index("compliance_requests_shop_idx").on(t.shopDomain)],
);

/**
 * Outbox of stock changes, written by triggers on inventory_levels and warehouses (drizzle/0002,
 * 0005): one row per changed SKU and live storefront connection. A connection's push-stock job
 * reads its own rows, pushes, then deletes exactly the rows it read, so a change committed
 * meanwhile stays for the next window.
 */
export const stockChanges = pgTable(
  "stock_changes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    shopId: bigint("shop_id", { mode: "number" }).notNull().references(() => shops.id, { onDelete: "cascade" }),
    /**
     * The storefront connection the change waits for: the triggers write one row per live
     * connection of the shop, so each storefront consumes its own rows and a connection that
     * cannot push (needs_reauth, throttled) keeps its changes without holding the others back.
     */
    connectionId: bigint("connection_id", { mode: "number" }).notNull().references(() => channelConnections.id, { onDelete: "cascade" }),
    sku: text("sku").notNull(),
    /** When the change was committed (transaction time): the start of the sync-lag measure. */
    seenAt: ts("seen_at").notNull().defaultNow(),
  },
  (t) => [index("stock_changes_connection_idx").on(t.connectionId, t.id)],
);

/**
 * One row per inventorySetQuantities attempt: pushed (with each row's sync lag), stale (the
 * compare-and-swap lost and the batch was re-read) or failed. Sync health reads the last hour.
 * `idempotencyKey` is the @idempotent key sent: a replayed batch is logged as pushed once.
 */
export const stockPushLog = pgTable(
  "stock_push_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    connectionId: bigint("connection_id", { mode: "number" }).notNull().references(() => channelConnections.id, { onDelete: "cascade" }),
    idempotencyKey: text("idempotency_key").notNull(),
    outcome: text("outcome", { enum: ["pushed", "stale", "failed"] }).notNull(),
    rows: integer("rows").notNull(),
    /** Per pushed row: pushed at − change seen at, in milliseconds. */
    lagsMs: integer("lags_ms").array().notNull().default(sql`'{}'::integer[]`),
    errorCode: text("error_code"),
    at: ts("at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("stock_push_log_pushed_key").on(t.connectionId, t.idempotencyKey).where(sql`${t.outcome} = 'pushed'`),
    index("stock_push_log_connection_at_idx").on(t.connectionId, t.at),
  ],
);
