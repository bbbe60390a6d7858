/**
 * After a storefront accepted a push: storefront_stock gets the new base of every row (what the
 * next push compares against; Shopify's changeFromQuantity) and stock_push_log gets the call with
 * each row's sync lag.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { storefrontStock } from "../db/schema";
import { stockPushLog } from "../db/schema";

export interface PushedRow {
  sku: string;
  quantity: number;
  /** When the change this push carries was first seen. */
  seenAt: Date;
}

export async function recordPushed(db: Database, opts: { connectionId: number; locationRef: string; idempotencyKey: string; rows: readonly PushedRow[]; pushedAt: Date }): Promise<void> {
  if (!opts.rows.length) return;
  await db.transaction(async (tx) => {
    await tx
      .insert(storefrontStock)
      .values(opts.rows.map((r) => ({ connectionId: opts.connectionId, sku: r.sku, locationRef: opts.locationRef, lastPushedQuantity: r.quantity, lastPushedAt: opts.pushedAt, changeSeenAt: r.seenAt })))
      .onConflictDoUpdate({
        target: [storefrontStock.connectionId, storefrontStock.sku, storefrontStock.locationRef],
        set: { lastPushedQuantity: sql`excluded.last_pushed_quantity`, lastPushedAt: sql`excluded.last_pushed_at`, changeSeenAt: sql`excluded.change_seen_at` },
      });
    await tx
      .insert(stockPushLog)
      .values({ connectionId: opts.connectionId, idempotencyKey: opts.idempotencyKey, outcome: "pushed", rows: opts.rows.length, lagsMs: opts.rows.map((r) => Math.max(0, Math.round(opts.pushedAt.getTime() - r.seenAt.getTime()))), at: opts.pushedAt })
      .onConflictDoNothing();
  });
}

/**
 * Before a run goes to the storefront: its SKUs' bases lose their pushed-at, so until the run is
 * recorded (recordPushed) they are in doubt. A run can land and its record not (the worker killed,
 * Postgres gone between the call and the record); trusting the old base then would take a later
 * ATS equal to it as "already there" and never send it (chaos finding 9).
 */
export async function markInDoubt(db: Database, opts: { connectionId: number; locationRef: string; skus: readonly string[] }): Promise<void> {
  if (!opts.skus.length) return;
  await db
    .update(storefrontStock)
    .set({ lastPushedAt: null })
    .where(and(eq(storefrontStock.connectionId, opts.connectionId), eq(storefrontStock.locationRef, opts.locationRef), inArray(storefrontStock.sku, [...opts.skus])));
}

/** A refused or failed attempt, for the retried/failed counts of sync health. */
export async function recordAttempt(db: Database, opts: { connectionId: number; idempotencyKey: string; outcome: "stale" | "failed"; rows: number; errorCode: string; at: Date }): Promise<void> {
  await db.insert(stockPushLog).values({ connectionId: opts.connectionId, idempotencyKey: opts.idempotencyKey, outcome: opts.outcome, rows: opts.rows, errorCode: opts.errorCode, at: opts.at });
}

/** The storefront's real quantity learnt from a re-read or activation: the next push compares against it. */
export async function recordObserved(db: Database, opts: { connectionId: number; locationRef: string; levels: ReadonlyArray<{ sku: string; quantity: number }>; at: Date }): Promise<void> {
  if (!opts.levels.length) return;
  await db
    .insert(storefrontStock)
    .values(opts.levels.map((l) => ({ connectionId: opts.connectionId, sku: l.sku, locationRef: opts.locationRef, lastPushedQuantity: l.quantity, lastPushedAt: opts.at })))
    .onConflictDoUpdate({
      target: [storefrontStock.connectionId, storefrontStock.sku, storefrontStock.locationRef],
      set: { lastPushedQuantity: sql`excluded.last_pushed_quantity`, lastPushedAt: sql`excluded.last_pushed_at` },
    });
}
