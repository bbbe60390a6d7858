import { existsSync } from "node:fs";

/**
 * Where the tests find the machine's real Postgres and Redis. Tests never mock them: each run makes
 * its own databases (cloned from a migrated template) and uses its own Redis key prefix.
 */
export const TEST_PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export function dbUrl(database: string): string {
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * The same database over the server's Unix socket when this machine has it (libpq's ?host=/dir, which
 * createDb understands): the stack the benchmarks run talks to a co-located Postgres the way a
 * co-located deployment would, without the loopback TCP stack on every round trip.
 */
export function socketDbUrl(database: string, socketDir = "/var/run/postgresql"): string {
  const url = new URL(dbUrl(database));
  if (!existsSync(`${socketDir}/.s.PGSQL.${url.port || 5432}`)) return url.toString();
  url.hostname = "localhost";
  url.searchParams.set("host", socketDir);
  return url.toString();
}
