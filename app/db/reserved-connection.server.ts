/**
 * A connection of its own for a session-level advisory lock, with at most half the pool reserved at
 * once. A lock holder keeps its reserved connection while its work runs through the pool; unbounded,
 * enough holders at once (fulfillment-order answers, stock pushes) took every connection and each
 * waited for one more: the worker deadlocked with every job slot busy and every connection idle
 * (docs/RELIABILITY.md, finding 16). Holders beyond the bound wait here, holding nothing.
 */
import pLimit, { type LimitFunction } from "p-limit";
import type postgres from "postgres";
import type { Database } from "./client.server";

const limits = new WeakMap<postgres.Sql, LimitFunction>();

/** drizzle() exposes its postgres.js client as $client; the Database type omits it. */
export function pgClientOf(db: Database): postgres.Sql {
  const client = (db as unknown as { $client?: postgres.Sql }).$client;
  if (!client) throw new Error("a postgres.js-backed Database is needed here (advisory locks)");
  return client;
}

export async function withReservedConnection<T>(db: Database, work: (reserved: postgres.ReservedSql) => Promise<T>): Promise<T> {
  const sql = pgClientOf(db);
  let limit = limits.get(sql);
  if (!limit) limits.set(sql, (limit = pLimit(Math.max(1, Math.floor((sql.options.max ?? 10) / 2)))));
  return limit(async () => {
    const reserved = await sql.reserve();
    try {
      return await work(reserved);
    } finally {
      reserved.release();
    }
  });
}
