/**
 * Etsy behind the Channel interface: one factory, one config type.
 */
import { OrderNotReadyError, type CatalogPage, type Channel, type ChannelConnection, type OrderRef, type StockPushResult } from "../channel";
import { InvalidPayloadError, PartnerError } from "../../lib/errors";
import { listingCatalogEntries } from "./catalog";
import { EtsyClient } from "./client";
import { findShipment, planInventoryUpdate, receiptToCanonical } from "./map";
import { createPkcePair, credentialsFromToken, etsyAuthorizationUrl, etsyNeedsRefresh, exchangeEtsyCode, refreshEtsyToken, type EtsyCredentials } from "./oauth";
import type { Clock } from "./rate-limiter";
import { Webhook } from "standardwebhooks";
import { verifyEtsyWebhook } from "./verify";

export type { EtsyCredentials } from "./oauth";

export interface EtsyChannelConfig {
  keystring: string;
  sharedSecret: string;
  /**
   * The portal's per-endpoint signing secret, `whsec_…`. Webhooks are for commercial-access apps
   * only; without a secret every delivery is refused and the shop is served by `pollOrders`.
   */
  webhookSigningSecret?: string;
  /** Default https://openapi.etsy.com; the sandbox origin in tests and the demo. */
  apiOrigin?: string;
  /** Token endpoint host; default https://api.etsy.com. */
  oauthOrigin?: string;
  /** Consent page host; default https://www.etsy.com. */
  authorizeOrigin?: string;
  /**
   * Origins a webhook's resource_url may name. Default: Etsy's two API hosts (its docs' example
   * uses api.etsy.com, the wire uses openapi.etsy.com). Anything else is refused, never fetched.
   */
  resourceOrigins?: readonly string[];
  clock?: Clock;
  fetch?: typeof fetch;
}

type EtsyConnection = ChannelConnection<EtsyCredentials>;

const RECEIPT_PATH = /^\/v3\/application\/shops\/(\d+)\/receipts\/(\d+)\/?$/;
const PAGE_SIZE = 100;
/** First poll of a shop looks back one day; later polls start from the stored cursor. */
const FIRST_POLL_LOOKBACK_S = 24 * 3600;

export function createEtsyChannel(config: EtsyChannelConfig): Channel<EtsyCredentials> {
  const apiOrigin = config.apiOrigin ?? "https://openapi.etsy.com";
  const oauthOrigin = config.oauthOrigin ?? "https://api.etsy.com";
  const resourceOrigins = new Set((config.resourceOrigins ?? ["https://openapi.etsy.com", "https://api.etsy.com"]).map((o) => new URL(o).origin));
  const signer = config.webhookSigningSecret ? new Webhook(config.webhookSigningSecret) : undefined;
  const client = new EtsyClient({ keystring: config.keystring, sharedSecret: config.sharedSecret, apiOrigin, oauthOrigin, clock: config.clock, fetch: config.fetch });

  /**
   * The receipt id an OrderRef names, refusing a resource_url on another host or of another shop:
   * a valid signature is not a licence to make Corridor fetch arbitrary URLs. We never fetch the
   * given URL itself; we rebuild the path from the ids on our own configured origin.
   */
  function receiptIdOf(connection: EtsyConnection, ref: OrderRef): string {
    if ("externalId" in ref) {
      if (!/^\d+$/.test(ref.externalId)) throw new InvalidPayloadError("ETSY_BAD_RECEIPT_ID", `not an Etsy receipt id: ${ref.externalId}`);
      return ref.externalId;
    }
    let url: URL;
    try {
      url = new URL(ref.resourceUrl);
    } catch (cause) {
      throw new InvalidPayloadError("ETSY_RESOURCE_URL_INVALID", "resource_url is not a URL", { cause });
    }
    if (!resourceOrigins.has(url.origin) || url.username || url.password || url.search || url.hash) {
      throw new InvalidPayloadError("ETSY_RESOURCE_URL_OFF_HOST", `resource_url origin ${url.origin} is not Etsy's API`);
    }
    const match = RECEIPT_PATH.exec(url.pathname);
    if (!match) throw new InvalidPayloadError("ETSY_RESOURCE_URL_NOT_RECEIPT", `resource_url path ${url.pathname} is not a shop receipt`);
    if (match[1] !== connection.externalAccountId) {
      throw new InvalidPayloadError("ETSY_RESOURCE_URL_OTHER_SHOP", `resource_url names shop ${match[1]}, connection is shop ${connection.externalAccountId}`);
    }
    return match[2]!;
  }

  return {
    id: "etsy",

    verifyWebhook: (headers, rawBody, now) =>
      signer ? verifyEtsyWebhook(signer, headers, rawBody, now) : { ok: false, refusal: { reason: "bad_signature", detail: "no Etsy webhook signing secret configured" } },

    async fetchOrder(connection, ref) {
      const receiptId = receiptIdOf(connection, ref);
      const receipt = await client.getShopReceipt(connection.credentials.accessToken, connection.externalAccountId, receiptId);
      // Only paid receipts ship; a canceled one still maps so a routed order learns of it.
      if (!receipt.is_paid && receipt.status !== "canceled") throw new OrderNotReadyError("etsy", receiptId, receipt.status ?? "unpaid");
      return receiptToCanonical(receipt, connection.externalAccountId);
    },

    async pushStock(connection, levels) {
      const result: StockPushResult = { pushed: [], skipped: [] };
      const byListing = new Map<string, Map<string, number>>();
      for (const level of levels) {
        const listingId = level.channelRef?.listingId;
        if (!listingId) {
          result.skipped.push({ sku: level.sku, reason: "no Etsy listingId in channel refs" });
          continue;
        }
        const quantities = byListing.get(listingId) ?? new Map<string, number>();
        quantities.set(level.sku, level.available);
        byListing.set(listingId, quantities);
      }
      const token = connection.credentials.accessToken;
      for (const [listingId, quantities] of byListing) {
        // updateListingInventory replaces the whole product set: read it, change ours, write it all back.
        const current = await client.getListingInventory(token, listingId);
        const plan = planInventoryUpdate(current, quantities);
        if (plan.set.size > 0) await client.updateListingInventory(token, listingId, plan.body);
        for (const sku of quantities.keys()) {
          const quantity = plan.set.get(sku);
          if (quantity === undefined) result.skipped.push({ sku, reason: `SKU not on Etsy listing ${listingId}` });
          else result.pushed.push({ sku, locationRef: "", quantity });
        }
      }
      return result;
    },

    async pushShipment(connection, order, shipment) {
      const receiptId = receiptIdOf(connection, order);
      const token = connection.credentials.accessToken;
      const shopId = connection.externalAccountId;
      // Etsy has no idempotency key on createReceiptShipment and each call e-mails the buyer, so
      // the tracking code already on the receipt is what makes a retry a no-op.
      const before = await client.getShopReceipt(token, shopId, receiptId);
      const existing = findShipment(before, shipment.trackingNumber);
      if (existing) return { channelFulfillmentId: String(existing.receipt_shipping_id ?? `${receiptId}:${shipment.trackingNumber}`), alreadyExisted: true };
      try {
        const after = await client.createReceiptShipment(token, shopId, receiptId, { tracking_code: shipment.trackingNumber, carrier_name: shipment.carrier });
        const created = findShipment(after, shipment.trackingNumber);
        return { channelFulfillmentId: String(created?.receipt_shipping_id ?? `${receiptId}:${shipment.trackingNumber}`), alreadyExisted: false };
      } catch (error) {
        // 409: a concurrent attempt got there first; read back rather than fail the job.
        if (error instanceof PartnerError && error.status === 409) {
          const again = findShipment(await client.getShopReceipt(token, shopId, receiptId), shipment.trackingNumber);
          if (again) return { channelFulfillmentId: String(again.receipt_shipping_id ?? `${receiptId}:${shipment.trackingNumber}`), alreadyExisted: true };
        }
        throw error;
      }
    },

    beginConnect({ redirectUri, state }) {
      const { verifier, challenge } = createPkcePair();
      const url = etsyAuthorizationUrl({ authorizeOrigin: config.authorizeOrigin ?? "https://www.etsy.com", keystring: config.keystring, redirectUri, state, challenge });
      return { url, verifier };
    },

    async completeConnect({ code, redirectUri, verifier, now }) {
      if (!verifier) throw new InvalidPayloadError("ETSY_PKCE_VERIFIER_MISSING", "Etsy connect needs the PKCE verifier from beginConnect");
      const token = await exchangeEtsyCode(client, config.keystring, { code, redirectUri, verifier });
      const me = await client.getMe(token.access_token);
      if (me.shop_id === null || me.shop_id === undefined) {
        throw new PartnerError("ETSY_NO_SHOP", `Etsy user ${me.user_id} has no shop`, { retryable: false, merchantMessage: "This Etsy account has no shop. Sign in with the account that owns your shop." });
      }
      const shopId = String(me.shop_id);
      return [{ externalAccountId: shopId, credentials: credentialsFromToken(token, shopId, now) }];
    },

    needsRefresh: (connection, now) => etsyNeedsRefresh(connection.credentials, now),

    async refreshCredentials(connection, now) {
      if (!etsyNeedsRefresh(connection.credentials, now)) return null;
      return refreshEtsyToken(client, config.keystring, connection.credentials, now);
    },

    async listCatalog(connection, cursor) {
      const token = connection.credentials.accessToken;
      const offset = cursor === null ? 0 : Number(cursor);
      // Active listings only: drafts and expired ones sell nothing. Every call goes through the
      // client's per-token limiter, so a 300-listing shop is paced like any other burst.
      const page = await client.getListingsByShop(token, connection.externalAccountId, { state: "active", limit: PAGE_SIZE, offset, sort_on: "created", sort_order: "asc" });
      const result: CatalogPage = { entries: [], cursor: null, withoutSku: 0, total: page.count };
      for (const listing of page.results) {
        const { entries, withoutSku } = listingCatalogEntries(listing.listing_id, await client.getListingInventory(token, String(listing.listing_id)));
        result.entries.push(...entries);
        if (withoutSku) result.withoutSku++;
      }
      const next = offset + page.results.length;
      if (page.results.length === PAGE_SIZE && next < page.count) result.cursor = String(next);
      return result;
    },

    async pollOrders(connection, cursor, now) {
      const since = cursor === null ? Math.floor(now.getTime() / 1000) - FIRST_POLL_LOOKBACK_S : Number(cursor);
      let newest = since;
      const refs: OrderRef[] = [];
      for (let offset = 0; ; offset += PAGE_SIZE) {
        // min_last_modified is inclusive, so same-second changes are seen again next time; the
        // orders table keeps the newest updatedAt, so a re-seen receipt changes nothing.
        const page = await client.getShopReceipts(connection.credentials.accessToken, connection.externalAccountId, {
          min_last_modified: since,
          was_paid: true,
          sort_on: "updated",
          sort_order: "asc",
          limit: PAGE_SIZE,
          offset,
        });
        for (const receipt of page.results) {
          refs.push({ externalId: String(receipt.receipt_id) });
          newest = Math.max(newest, receipt.updated_timestamp ?? receipt.update_timestamp ?? since);
        }
        if (page.results.length < PAGE_SIZE || offset + PAGE_SIZE >= page.count) break;
      }
      return { refs, cursor: String(newest) };
    },
  };
}
