/**
 * Postgres through postgres.js and Drizzle. The same driver serves production, the embedded
 * Postgres of a newcomer's first run, and the tests: one code path, real SQL semantics.
 */
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

export interface DbHandle {
  db: Database;
  sql: postgres.Sql;
  close(): Promise<void>;
}

/**
 * libpq's spelling of a Unix socket, `postgres://user@localhost:5432/db?host=/var/run/postgresql`, as
 * postgres.js options (it reads a socket directory only from its own `host` option). A co-located
 * Postgres over its socket skips the loopback TCP stack on every round trip.
 */
export function connectionOptions(url: string): { url: string; host?: string } {
  const parsed = new URL(url);
  const dir = parsed.searchParams.get("host");
  if (!dir?.startsWith("/")) return { url };
  parsed.searchParams.delete("host");
  return { url: parsed.toString(), host: dir };
}

export function createDb(databaseUrl: string, opts: { max?: number } = {}): DbHandle {
  const { url, host } = connectionOptions(databaseUrl);
  const sql = postgres(url, {
    ...(host ? { host } : {}),
    max: opts.max ?? 10,
    onnotice: () => {},
    // Fail fast when Postgres is down, so intake answers 503 within Shopify's 5 s budget.
    connect_timeout: 3,
    idle_timeout: 30,
  });
  const db = drizzle(sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}
