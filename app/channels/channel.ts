/**
 * The one interface every sales channel (Shopify, Etsy, TikTok Shop) implements. Everything a
 * channel-specific folder knows stays behind it: the inbox, routing, tracking and stock sync only
 * ever talk to a `Channel`, so a fourth channel is one new folder under app/channels/ (see
 * docs/channels.md).
 *
 * Contract for implementers:
 * - `verifyWebhook` is pure with respect to storage: it never touches the database or the network,
 *   and it answers a refusal instead of throwing for anything the sender got wrong.
 * - Every network method throws the CorridorError family only: `PartnerThrottledError` for rate
 *   limits (carries `retryAfterMs`), `PartnerError` (retryable or not) for platform failures,
 *   `ChannelAuthError` when the connection needs the merchant to reconnect.
 * - Nothing here persists: methods that change credentials return the new credentials and the
 *   caller writes them (atomically — Etsy and TikTok refresh tokens rotate).
 */
import type { channelConnections } from "../db/schema";
import type { CanonicalOrder, ChannelId } from "../domain/order";
import { CorridorError, PartnerError } from "../lib/errors";

/** A row of channel_connections, with `credentials` typed by the channel that owns it (the admin's status fields are not the adapter's business). */
export type ChannelConnection<Credentials = Record<string, unknown>> = Omit<
  typeof channelConnections.$inferSelect,
  "credentials" | "statusReason" | "statusChangedAt"
> & { credentials: Credentials };

/** Header names lower-cased, as node:http gives them. */
export type WebhookHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** Where an order lives on the channel. `resourceUrl` comes from a thin webhook (Etsy). */
export type OrderRef = { externalId: string } | { resourceUrl: string };

/** A delivery whose signature checked out; what the inbox stores and dedupes on. */
export interface VerifiedDelivery {
  /** The platform's per-delivery id (webhook-id, tts_notification_id): the inbox unique key. */
  deliveryId: string;
  /** Channel-native topic ("order.paid", "ORDER_STATUS_CHANGE"). */
  topic: string;
  /** The platform's account id the delivery is about (channel_connections.external_account_id). */
  shopRef: string;
  /** ISO time the platform says the event happened (or was signed, when it says nothing else). */
  occurredAt: string;
  /** The order the delivery points at, when it is about one. Fetch it with `fetchOrder`. */
  orderRef?: OrderRef;
  /** Shared by the deliveries of one merchant action (X-Shopify-Event-Id); for tracing only. */
  eventId?: string;
}

export type WebhookRefusalReason = "missing_headers" | "bad_signature" | "stale_timestamp" | "malformed_body";

/** Why a delivery was refused: the intake route answers 401 and stores nothing. */
export interface WebhookRefusal {
  reason: WebhookRefusalReason;
  /** For operators' logs; never echoed to the sender. */
  detail: string;
}

export type WebhookVerdict = { ok: true; delivery: VerifiedDelivery } | { ok: false; refusal: WebhookRefusal };

/** Available quantity of one SKU to show on the storefront. */
export interface StockLevel {
  sku: string;
  /** Absolute sellable quantity (never a delta); negative values are pushed as 0. */
  available: number;
  /** Storefront location: TikTok warehouse id; omitted where the channel has one pool (Etsy). */
  locationRef?: string;
  /** This SKU's ids on the channel, from skus.channel_refs[channel] (Shopify inventoryItemId; Etsy listingId; TikTok productId, skuId). */
  channelRef?: Readonly<Record<string, string>>;
  /**
   * What Corridor last pushed here and when (storefront_stock): the compare-and-swap base where the
   * channel has one (Shopify changeFromQuantity). `quantity` null: never pushed, the channel reads it.
   */
  expected?: { quantity: number | null; version: string | null };
}

/** Options of one pushStock call. */
export interface StockPushOptions {
  /** Read the storefront's levels first and compare against them, not `expected` (drift repair). */
  readBack?: boolean;
}

/** One write the channel made, for the push log (stock_push_log). */
export interface StockPushCall {
  /** The platform's idempotency key when it has one (Shopify @idempotent), else one naming the call. */
  idempotencyKey: string;
  /** pushed: accepted; stale: refused by the compare-and-swap and re-sent. */
  outcome: "pushed" | "stale";
  /** SKUs the call set (pushed calls). */
  skus: string[];
  rows: number;
  code?: string;
}

export interface StockPushResult {
  pushed: { sku: string; locationRef: string; quantity: number }[];
  /** Levels we could not place (no listing, unknown SKU): reported, never silently dropped. */
  skipped: { sku: string; reason: string }[];
  /** Levels the storefront already held (found while looking up or re-reading): the caller's next base. */
  observed?: { sku: string; locationRef: string; quantity: number }[];
  /** Ids the channel learnt on the way (Shopify looks inventory items up by SKU): the caller keeps them in skus.channel_refs. */
  learnedRefs?: { sku: string; channelRef: Record<string, string> }[];
  /** SKUs whose channelRef the platform no longer knows (a deleted variant): the caller forgets it. */
  staleRefs?: string[];
  /** The writes made, when the channel reports them one by one; otherwise the caller logs the call as one. */
  calls?: StockPushCall[];
  /** Channel-specific counts for operators (activations, compare-and-swap re-reads, drift found). */
  stats?: { activated?: number; staleRetries?: number; drifted?: string[] };
}

export interface ShipmentLine {
  /** CanonicalOrder line's externalLineId. */
  externalLineId: string;
  sku: string;
  quantity: number;
}

export interface ShipmentPush {
  carrier: string;
  trackingNumber: string;
  trackingUrl?: string;
  lines: ShipmentLine[];
}

export interface ShipmentPushResult {
  /** The channel's id for the shipment (allocations.channel_fulfillment_id). */
  channelFulfillmentId: string;
  /** True when the channel already had this tracking number: nothing new was created. */
  alreadyExisted: boolean;
}

/** Start of a merchant-initiated connect: send the merchant to `url`, keep `verifier` in their session. */
export interface ConnectStart {
  url: string;
  /** PKCE code verifier (Etsy) to hand back to `completeConnect`; absent where the channel has none. */
  verifier?: string;
}

export interface ConnectCompletion {
  code: string;
  redirectUri: string;
  verifier?: string;
  now: Date;
}

/** One platform account the merchant authorised; becomes one channel_connections row. */
export interface ConnectedAccount<Credentials> {
  externalAccountId: string;
  credentials: Credentials;
}

export interface PollResult {
  refs: OrderRef[];
  /** Store in channel_connections.sync_cursor; pass back on the next poll. */
  cursor: string;
}

/** One SKU the storefront lists, and its ids there (what `skus.channel_refs[channel]` keeps). */
export interface CatalogEntry {
  sku: string;
  /** Etsy `{ listingId }`; TikTok `{ productId, skuId, warehouseIds }` (comma-joined). */
  channelRef: Record<string, string>;
}

/** One page of `listCatalog`. */
export interface CatalogPage {
  entries: CatalogEntry[];
  /** Pass back for the next page; null after the last one. */
  cursor: string | null;
  /** Listings/products on this page whose variants carry no SKU: counted, never matched. */
  withoutSku: number;
  /** Listings or products the platform says there are in all, when it says. */
  total?: number;
}

export interface Channel<Credentials = Record<string, unknown>> {
  readonly id: ChannelId;

  /** Checks signature and freshness over the exact raw bytes; `now` is the clock for freshness. */
  verifyWebhook(headers: WebhookHeaders, rawBody: Buffer, now: Date): WebhookVerdict;

  /**
   * Fetches the order and normalises it. Refuses refs that point off the platform or at another
   * shop, and throws `OrderNotReadyError` for an order the channel says must not ship yet
   * (unpaid, on hold): a later event or poll brings it back when it is.
   */
  fetchOrder(connection: ChannelConnection<Credentials>, ref: OrderRef): Promise<CanonicalOrder>;

  /**
   * Sets available quantities; never drops a variant or warehouse the storefront already has.
   * Callers send at most MAX_PUSH_ROWS levels a call and record each result before the next.
   */
  pushStock(connection: ChannelConnection<Credentials>, levels: readonly StockLevel[], opts?: StockPushOptions): Promise<StockPushResult>;

  /** Adds tracking to the order. Idempotent by tracking number: a second call creates nothing. */
  pushShipment(connection: ChannelConnection<Credentials>, order: OrderRef, shipment: ShipmentPush): Promise<ShipmentPushResult>;

  /** Builds the platform's authorisation URL for the merchant to approve Corridor. */
  beginConnect(opts: { redirectUri: string; state: string }): ConnectStart;

  /** Exchanges the callback's code for credentials, one entry per authorised shop. */
  completeConnect(input: ConnectCompletion): Promise<ConnectedAccount<Credentials>[]>;

  /**
   * Returns fresh credentials to persist when the access token expires within the channel's
   * margin, or null when nothing needs doing. Refresh tokens rotate: persist the result before
   * the next call, or the connection is lost.
   */
  refreshCredentials(connection: ChannelConnection<Credentials>, now: Date): Promise<Credentials | null>;

  /** Whether refreshCredentials would refresh now: pure, so a call with a fresh token takes no lock. */
  needsRefresh(connection: ChannelConnection<Credentials>, now: Date): boolean;

  /**
   * The storefront's live listings, one page per call (`cursor` null for the first), as SKU → ids:
   * how stock sync learns where to push a SKU on channels that cannot look one up by SKU (Etsy,
   * TikTok). Read-only; the caller decides what to keep (app/stock/discover-channel-refs.server.ts).
   * A SKU may appear in several entries (listed twice): the caller reports it, the channel does not.
   */
  listCatalog?(connection: ChannelConnection<Credentials>, cursor: string | null): Promise<CatalogPage>;

  /** Orders changed since `cursor` (null on first poll), for shops without webhooks. */
  pollOrders?(connection: ChannelConnection<Credentials>, cursor: string | null, now: Date): Promise<PollResult>;
}

/** The connection's tokens are expired or revoked: the merchant must reconnect; retries won't help. */
export class ChannelAuthError extends PartnerError {
  constructor(channel: ChannelId, message: string, opts: { status?: number; cause?: unknown } = {}) {
    super("CHANNEL_AUTH", `${channel}: ${message}`, {
      ...opts,
      retryable: false,
      merchantMessage: `Corridor lost access to your ${channel === "tiktok" ? "TikTok Shop" : channel === "etsy" ? "Etsy shop" : "store"}. Reconnect it from Settings → Channels.`,
    });
  }
}

/** The channel says this order must not ship yet (unpaid, on hold). Not a failure: ignore the event. */
export class OrderNotReadyError extends CorridorError {
  constructor(channel: ChannelId, externalId: string, readonly channelStatus: string) {
    super("ORDER_NOT_READY", `${channel} order ${externalId} is ${channelStatus}; not shippable yet`, { retryable: false });
  }
}

/** First value of a header that node:http may give as an array. */
export function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
