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

export function createDb(url: string, opts: { max?: number } = {}): DbHandle {
  const sql = postgres(url, {
    max: opts.max ?? 10,
    onnotice: () => {},
    // Fail fast when Postgres is down, so intake answers 503 within Shopify's 5 s budget.
    connect_timeout: 3,
    idle_timeout: 30,
  });
  const db = drizzle(sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}
