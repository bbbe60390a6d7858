/**
 * What every marketplace (Etsy, TikTok Shop) does with an order it points at, whether the pointer
 * came from a webhook or a poll: find the connection, make its credentials fresh, fetch the order
 * through the Channel, store it under the merchant's Corridor shop and route it at once.
 *
 * Marketplace orders route immediately: unlike Shopify there is no fulfillment-request handshake,
 * the seller's platform has already taken the money and expects the seller to ship.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Config } from "../config.server";
import { channelConnections, orderEvents, orders, shops } from "../db/schema";
import { recordException } from "../exceptions/record-exception.server";
import type { HandlerContext, HandlerOutcome } from "../inbox/topic-handler";
import { CorridorError, isRetryable } from "../lib/errors";
import { secretBoxFor } from "../lib/secret-box.server";
import { cancelOrderAllocations } from "../orders/cancel-order-allocations.server";
import { upsertOrder } from "../orders/upsert-order.server";
import { routeJobId } from "../queues/keys";
import { QUEUE } from "../queues/names";
import { ChannelAuthError, OrderNotReadyError, type Channel, type ChannelConnection, type OrderRef } from "./channel";
import { flagNeedsReauth, openCredentials, replaceCredentials } from "./connection-store.server";

export type MarketplaceId = "etsy" | "tiktok";

/** How a handler reaches its channel (built once per config by the registry). */
export type ChannelOf<Credentials> = (config: Config) => Channel<Credentials> | undefined;

/**
 * The channel, or a non-retryable failure: a stored delivery for a channel this process has no
 * credentials for is a deployment mistake (web and workers configured apart), kept for replay.
 */
export function requireChannel<Credentials>(channel: Channel<Credentials> | undefined, id: MarketplaceId): Channel<Credentials> {
  if (!channel) throw new CorridorError("CHANNEL_NOT_CONFIGURED", `${id} is not configured in this process; set its app credentials and replay`);
  return channel;
}

/** A connection with the domain of the Corridor shop it belongs to. */
export type MarketplaceConnection<Credentials> = ChannelConnection<Credentials> & { shopDomain: string };

/** order_events kind naming the connection an order came through (see connectionOfOrder). */
export const SOLD_THROUGH = "sold_through";

const selection = { connection: channelConnections, shopDomain: shops.domain };

/** Where connections are read: `config` says which keys open their sealed credentials. */
type ReadContext = Pick<HandlerContext, "db" | "config">;

function toConnection<Credentials>(ctx: ReadContext, row: { connection: typeof channelConnections.$inferSelect; shopDomain: string }): MarketplaceConnection<Credentials> {
  return { ...row.connection, credentials: openCredentials<Credentials>(secretBoxFor(ctx.config), row.connection.credentials), shopDomain: row.shopDomain };
}

/** The connection of a platform account (Etsy shop_id, TikTok shop id), if Corridor has one. */
export async function findConnection<Credentials>(ctx: ReadContext, channel: MarketplaceId, externalAccountId: string): Promise<MarketplaceConnection<Credentials> | undefined> {
  const [row] = await ctx.db
    .select(selection)
    .from(channelConnections)
    .innerJoin(shops, eq(shops.id, channelConnections.shopId))
    .where(and(eq(channelConnections.channel, channel), eq(channelConnections.externalAccountId, externalAccountId)));
  return row ? toConnection<Credentials>(ctx, row) : undefined;
}

/** Every connection of a channel that is live (polling); optionally only one Corridor shop's. */
export async function liveConnections<Credentials>(ctx: ReadContext, channels: readonly MarketplaceId[], shopDomain?: string): Promise<MarketplaceConnection<Credentials>[]> {
  if (channels.length === 0) return [];
  const rows = await ctx.db
    .select(selection)
    .from(channelConnections)
    .innerJoin(shops, eq(shops.id, channelConnections.shopId))
    .where(and(inArray(channelConnections.channel, [...channels]), eq(channelConnections.status, "connected"), shopDomain ? eq(shops.domain, shopDomain) : undefined))
    .orderBy(channelConnections.id);
  return rows.map((r) => toConnection<Credentials>(ctx, r));
}

/**
 * The merchant must reconnect: flag the connection (the admin shows a reconnect action) and say so
 * once as an exception. Other connections and shops carry on.
 */
export async function markNeedsReauth(ctx: Pick<HandlerContext, "db" | "logger" | "now">, connection: MarketplaceConnection<unknown>, error: ChannelAuthError): Promise<void> {
  await flagNeedsReauth(ctx.db, connection.id, error.message, ctx.now());
  await recordException(ctx.db, {
    kind: "sync_failed",
    subject: `connection:${connection.id}`,
    shopDomain: connection.shopDomain,
    code: error.code,
    reason: `${connection.channel} account ${connection.externalAccountId}: ${error.message}`,
    merchantMessage: error.merchantMessage ?? null,
    replay: { connectionId: connection.id },
  });
  ctx.logger.warn({ connectionId: connection.id, channel: connection.channel, code: error.code }, "marketplace: connection needs the merchant to reconnect");
}

/**
 * The connection with credentials good for the next calls. Etsy and TikTok rotate the refresh token
 * on every refresh, so two workers refreshing at once would have the second refused and the
 * connection lost: the row is locked while one refreshes, the next one reads the new tokens, and
 * the write is a compare-and-set on the refresh token it replaced. A token not yet due for refresh
 * is used as it is, without the lock: every call of a busy shop queued on that row otherwise.
 */
export async function freshConnection<Credentials extends { refreshToken: string }>(
  ctx: Pick<HandlerContext, "db" | "logger" | "now" | "config">,
  channel: Channel<Credentials>,
  connection: MarketplaceConnection<Credentials>,
): Promise<MarketplaceConnection<Credentials>> {
  if (connection.status !== "connected") {
    throw new ChannelAuthError(channel.id, `connection ${connection.id} is ${connection.status}`);
  }
  if (!channel.needsRefresh(connection, ctx.now())) return connection;
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx.select().from(channelConnections).where(eq(channelConnections.id, connection.id)).for("update");
      if (!row || row.status !== "connected") throw new ChannelAuthError(channel.id, `connection ${connection.id} is ${row?.status ?? "gone"}`);
      const current = toConnection<Credentials>(ctx, { connection: row, shopDomain: connection.shopDomain });
      const next = await channel.refreshCredentials(current, ctx.now());
      if (!next) return current;
      // Compared against the sealed value as read: re-sealing draws a new IV, so ciphertexts differ.
      const written = await replaceCredentials(tx, secretBoxFor(ctx.config), connection.id, row.credentials, next);
      // Under the row lock nobody else can have rotated it; if they somehow did, our new tokens
      // are the only live ones and losing them loses the connection, so fail loudly and retry.
      if (!written) throw new CorridorError("CREDENTIALS_CHANGED", `connection ${connection.id}: refresh token changed during refresh`, { retryable: true });
      ctx.logger.info({ connectionId: connection.id, channel: channel.id }, "marketplace: credentials refreshed");
      return { ...current, credentials: next };
    });
  } catch (error) {
    if (error instanceof ChannelAuthError) await markNeedsReauth(ctx, connection, error);
    throw error;
  }
}

/** Runs one platform call with fresh credentials; a refused token flags the connection. */
export async function withConnection<Credentials extends { refreshToken: string }, T>(
  ctx: Pick<HandlerContext, "db" | "logger" | "now" | "config">,
  channel: Channel<Credentials>,
  connection: MarketplaceConnection<Credentials>,
  call: (fresh: MarketplaceConnection<Credentials>) => Promise<T>,
): Promise<T> {
  const fresh = await freshConnection(ctx, channel, connection);
  try {
    return await call(fresh);
  } catch (error) {
    if (error instanceof ChannelAuthError) await markNeedsReauth(ctx, fresh, error);
    throw error;
  }
}

/**
 * Fetches the order a delivery or poll points at, stores it and queues its routing. Idempotent:
 * the order is upserted by its channel `updatedAt`, and the routing job is named by revision.
 */
export async function ingestMarketplaceOrder<Credentials extends { refreshToken: string }>(
  ctx: HandlerContext,
  channel: Channel<Credentials>,
  connection: MarketplaceConnection<Credentials>,
  ref: OrderRef,
  correlationId: string,
): Promise<HandlerOutcome> {
  let fetched;
  try {
    fetched = await withConnection(ctx, channel, connection, (fresh) => channel.fetchOrder(fresh, ref));
  } catch (error) {
    // Unpaid / on hold: not a failure. The paid event or the next poll brings it back.
    if (error instanceof OrderNotReadyError) return { status: "ignored", note: error.message };
    throw error;
  }
  // One stock pool per merchant: the order belongs to the Corridor shop, not the platform account.
  const order = { ...fetched, shopDomain: connection.shopDomain };
  const outcome = await upsertOrder(ctx.db, order, correlationId);
  if (outcome.kind === "stale") {
    // A retry after storing but before queueing (Redis down, worker killed) lands here: queue the
    // routing of a stored order that never routed, or it waits forever. Named job: no double.
    const [held] = await ctx.db.select({ stage: orders.stage }).from(orders).where(eq(orders.id, outcome.orderId));
    if (held?.stage === "received") await ctx.queues.add(QUEUE.routeOrder, { orderId: outcome.orderId, revision: outcome.revision, correlationId }, { jobId: routeJobId(outcome.orderId, outcome.revision) });
    return { status: "ignored", note: `${channel.id} order ${order.externalId}: not newer than revision ${outcome.revision}` };
  }
  if (outcome.kind === "created") {
    // A merchant may connect two Etsy shops to one Corridor shop: tracking must go back through the
    // account that sold it, and orders have no column for it (yet), so the timeline records it.
    await ctx.db.insert(orderEvents).values({ orderId: outcome.orderId, kind: SOLD_THROUGH, detail: { connectionId: connection.id, externalAccountId: connection.externalAccountId }, correlationId });
  }
  if (outcome.cancelled) {
    // Cancelled on the platform: release what routing held and stop the warehouse while it still can.
    const cancelled = await cancelOrderAllocations({ db: ctx.db, box: secretBoxFor(ctx.config) }, outcome.orderId, correlationId);
    return { status: "processed", note: `cancelled ${channel.id} order ${outcome.orderId}: ${cancelled.outcome}` };
  }
  await ctx.queues.add(QUEUE.routeOrder, { orderId: outcome.orderId, revision: outcome.revision, correlationId }, { jobId: routeJobId(outcome.orderId, outcome.revision) });
  return { status: "processed", note: `${outcome.kind} ${channel.id} order ${outcome.orderId} r${outcome.revision}` };
}

/** For a webhook: the connection of the delivery's account and a note when there is none. */
export async function connectionForDelivery<Credentials>(ctx: HandlerContext, channel: MarketplaceId, accountId: string): Promise<MarketplaceConnection<Credentials> | { ignored: HandlerOutcome }> {
  const connection = await findConnection<Credentials>(ctx, channel, accountId);
  if (!connection) return { ignored: { status: "ignored", note: `no ${channel} connection for account ${accountId}` } };
  if (connection.status === "disconnected") return { ignored: { status: "ignored", note: `${channel} account ${accountId} is disconnected` } };
  await ctx.db.update(channelConnections).set({ lastWebhookAt: ctx.now() }).where(eq(channelConnections.id, connection.id));
  return connection;
}

/**
 * The connection an order was sold through: the one its timeline names, else the shop's only
 * connection of that channel. Two candidates and no record is refused rather than guessed.
 */
export async function connectionOfOrder<Credentials>(ctx: ReadContext, order: { id: number; shopId: number; channel: string }): Promise<MarketplaceConnection<Credentials>> {
  // By account id, not row id: a reconnect makes a new row for the same platform account.
  const [named] = await ctx.db
    .select({ account: sql<string>`${orderEvents.detail}->>'externalAccountId'` })
    .from(orderEvents)
    .where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.kind, SOLD_THROUGH)))
    .limit(1);
  const rows = await ctx.db
    .select(selection)
    .from(channelConnections)
    .innerJoin(shops, eq(shops.id, channelConnections.shopId))
    .where(and(eq(channelConnections.shopId, order.shopId), eq(channelConnections.channel, order.channel as MarketplaceId)));
  const match = named ? rows.filter((r) => r.connection.externalAccountId === named.account) : rows;
  if (match.length !== 1) {
    throw new CorridorError("CHANNEL_CONNECTION_UNKNOWN", `order ${order.id}: ${match.length} ${order.channel} connections could have sold it`, {
      merchantMessage: `Corridor cannot tell which ${order.channel === "tiktok" ? "TikTok Shop" : "Etsy shop"} sold this order. Reconnect the shop in Settings → Channels.`,
    });
  }
  return toConnection<Credentials>(ctx, match[0]!);
}

/** One poll of one connection: what it saw, by outcome. */
export interface PollCounts {
  processed: number;
  ignored: number;
  failed: number;
}

/**
 * Polls one connection from its stored cursor and ingests every order found, exactly as a webhook
 * would (so a poll that overlaps a webhook changes nothing). The cursor advances only when nothing
 * failed transiently: the next poll then sees those orders again. An order we can never read
 * (a listing without SKU) becomes an exception for the merchant and does not hold the cursor back.
 */
export async function pollConnection<Credentials extends { refreshToken: string }>(
  ctx: HandlerContext,
  channel: Channel<Credentials>,
  connection: MarketplaceConnection<Credentials>,
  correlationId: string,
): Promise<PollCounts> {
  const counts: PollCounts = { processed: 0, ignored: 0, failed: 0 };
  if (!channel.pollOrders) return counts;
  const poll = channel.pollOrders.bind(channel);
  const { refs, cursor } = await withConnection(ctx, channel, connection, (fresh) => poll(fresh, connection.syncCursor, ctx.now()));
  let transient: unknown;
  for (const ref of refs) {
    try {
      counts[(await ingestMarketplaceOrder(ctx, channel, connection, ref, correlationId)).status] += 1;
    } catch (error) {
      counts.failed += 1;
      // The connection itself is gone: stop here, keep the cursor for after the reconnect.
      if (error instanceof ChannelAuthError) throw error;
      if (isRetryable(error)) {
        transient ??= error;
        continue;
      }
      const orderKey = "externalId" in ref ? ref.externalId : ref.resourceUrl;
      await recordException(ctx.db, {
        kind: "sync_failed",
        subject: `${channel.id}:${connection.externalAccountId}:${orderKey}`,
        shopDomain: connection.shopDomain,
        code: error instanceof CorridorError ? error.code : "POLL_INGEST_FAILED",
        reason: `${channel.id} order ${orderKey} from the poll: ${error instanceof Error ? error.message : String(error)}`,
        merchantMessage: error instanceof CorridorError ? (error.merchantMessage ?? null) : null,
        replay: { task: "poll-marketplaces", shopDomain: connection.shopDomain },
        correlationId,
      });
    }
  }
  if (transient) throw transient;
  await ctx.db.update(channelConnections).set({ syncCursor: cursor }).where(eq(channelConnections.id, connection.id));
  return counts;
}
