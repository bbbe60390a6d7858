/**
 * The stock-sync tables created by drizzle/0002_stock_change_outbox.sql. They belong in
 * app/db/schema.ts (owned by the lead): move these two definitions there verbatim and import them
 * from "~/db/schema" instead; drizzle/meta/0002_snapshot.json already includes them, so
 * `npm run db:generate` will then find nothing to do.
 */
import { sql } from "drizzle-orm";
import { bigint, bigserial, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { channelConnections, shops } from "../db/schema";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * Outbox of stock changes, written by triggers on inventory_levels and warehouses (drizzle/0002):
 * one row per changed (shop, SKU). The push-stock job reads a shop's rows, pushes, then deletes
 * exactly the rows it read, so a change committed meanwhile stays for the next window.
 */
export const stockChanges = pgTable(
  "stock_changes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    shopId: bigint("shop_id", { mode: "number" }).notNull().references(() => shops.id, { onDelete: "cascade" }),
    sku: text("sku").notNull(),
    /** When the change was committed (transaction time): the start of the sync-lag measure. */
    seenAt: ts("seen_at").notNull().defaultNow(),
  },
  (t) => [index("stock_changes_shop_idx").on(t.shopId, t.id)],
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
