/**
 * Applies drizzle/ migrations in order (drizzle's migrator keeps its journal in the database).
 * Safe to run concurrently from several processes: a Postgres advisory lock serialises them.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { createDb } from "./client.server";

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../drizzle");
const MIGRATION_LOCK = 7_240_001;

export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const { db, sql, close } = createDb(databaseUrl, { max: 1 });
  try {
    await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await close();
  }
}
