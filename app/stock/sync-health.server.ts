/**
 * Measured stock-sync health per storefront connection (Shopify, Etsy, TikTok Shop), for the admin
 * and `corridor stock`: sync lag (change seen → storefront updated) p50/p95 over the last hour,
 * pushes, stale re-reads and failed pushes, and what is still waiting. Numbers measured from
 * stock_push_log, not promises.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.server";

export interface SyncHealth {
  connectionId: number;
  shopDomain: string;
  channel: string;
  /** connected, or needs_reauth (its changes wait for the merchant to reconnect). */
  status: string;
  /** Accepted stock writes in the window (Shopify inventorySetQuantities and activations; Etsy, TikTok runs). */
  pushes: number;
  rowsPushed: number;
  lagP50Ms: number | null;
  lagP95Ms: number | null;
  /** Compare-and-swap refusals that were re-read and resent. */
  staleRetries: number;
  failedPushes: number;
  /** Outbox rows not yet pushed, and since when the oldest waits. */
  pendingChanges: number;
  oldestPendingSeenAt: Date | null;
  lastPushedAt: Date | null;
}

export async function syncHealth(db: Database, opts: { now: Date; shopDomain?: string; windowMs?: number }): Promise<SyncHealth[]> {
  const since = new Date(opts.now.getTime() - (opts.windowMs ?? 3_600_000)).toISOString();
  const rows = await db.execute<Record<string, unknown>>(sql`
    SELECT cc.id AS connection_id, s.domain AS shop_domain, cc.channel, cc.status,
      coalesce(l.pushes, 0) AS pushes, coalesce(l.rows_pushed, 0) AS rows_pushed,
      l.stale, l.failed, l.last_pushed_at, lag.p50, lag.p95,
      coalesce(p.pending, 0) AS pending, p.oldest
    FROM channel_connections cc
    JOIN shops s ON s.id = cc.shop_id
    LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE outcome = 'pushed') AS pushes,
             sum(rows) FILTER (WHERE outcome = 'pushed') AS rows_pushed,
             count(*) FILTER (WHERE outcome = 'stale') AS stale,
             count(*) FILTER (WHERE outcome = 'failed') AS failed,
             max(at) FILTER (WHERE outcome = 'pushed') AS last_pushed_at
      FROM stock_push_log WHERE connection_id = cc.id AND at > ${since}::timestamptz) l ON true
    LEFT JOIN LATERAL (
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY x) AS p95
      FROM stock_push_log, unnest(lags_ms) AS x
      WHERE connection_id = cc.id AND outcome = 'pushed' AND at > ${since}::timestamptz) lag ON true
    LEFT JOIN LATERAL (
      SELECT count(*) AS pending, min(seen_at) AS oldest FROM stock_changes WHERE connection_id = cc.id) p ON true
    WHERE cc.status <> 'disconnected' ${opts.shopDomain ? sql`AND s.domain = ${opts.shopDomain}` : sql``}
    ORDER BY cc.channel <> 'shopify', cc.id`);
  const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)));
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return [...rows].map((r) => ({
    connectionId: Number(r.connection_id),
    shopDomain: String(r.shop_domain),
    channel: String(r.channel),
    status: String(r.status),
    pushes: Number(r.pushes),
    rowsPushed: Number(r.rows_pushed),
    lagP50Ms: num(r.p50),
    lagP95Ms: num(r.p95),
    staleRetries: Number(r.stale ?? 0),
    failedPushes: Number(r.failed ?? 0),
    pendingChanges: Number(r.pending),
    oldestPendingSeenAt: date(r.oldest),
    lastPushedAt: date(r.last_pushed_at),
  }));
}
