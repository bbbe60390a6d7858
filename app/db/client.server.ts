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

/**
 * postgres.js with every query run as a prepared statement. Drizzle asks postgres.js not to prepare
 * unless a query is named (`prepare: name !== undefined`), so Postgres parsed and planned each of the
 * workers' hundred-odd statements per order again: in a 2026-11-25 `perf` profile under the e2e load, parse
 * and plan were about 40 % of Postgres's CPU, and pg_stat_statements counted one plan per call.
 * postgres.js keeps a statement cache per connection, keyed by the query text; a prepared statement is
 * parsed once per connection and, after five runs, planned once where a generic plan costs no more.
 * Transactions get a client of their own from `begin`, so it is wrapped too.
 */
function preparing(client: postgres.Sql): postgres.Sql {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return (query: string, params?: unknown[], options?: Record<string, unknown>) => target.unsafe(query, params as never, { ...options, prepare: true });
      }
      if (prop === "begin" || prop === "savepoint") {
        return (...args: unknown[]) => {
          const body = args.pop() as (tx: postgres.Sql) => unknown;
          const open = Reflect.get(target, prop) as (...a: unknown[]) => unknown;
          return open.apply(target, [...args, (tx: postgres.Sql) => body(preparing(tx))]);
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

/**
 * `prepare`: run Drizzle's queries as prepared statements (above). The workers do: their statements are
 * a fixed set. The web process does not: its admin pages compose queries from filters, and postgres.js
 * never evicts a connection's statements.
 */
export function createDb(databaseUrl: string, opts: { max?: number; prepare?: boolean } = {}): DbHandle {
  const { url, host } = connectionOptions(databaseUrl);
  const sql = postgres(url, {
    ...(host ? { host } : {}),
    max: opts.max ?? 10,
    onnotice: () => {},
    // Fail fast when Postgres is down, so intake answers 503 within Shopify's 5 s budget.
    connect_timeout: 3,
    idle_timeout: 30,
  });
  const db = drizzle(opts.prepare ? preparing(sql) : sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}
