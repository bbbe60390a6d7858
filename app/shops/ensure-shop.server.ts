import { sql } from "drizzle-orm";
import type { Database, Transaction } from "../db/client.server";
import { shops } from "../db/schema";

/**
 * The shop row for a domain, created on first sight. A delivery that passed signature verification
 * proves the platform knows the shop, even if its install was never recorded (e.g. restored backup).
 */
export async function ensureShop(db: Database | Transaction, domain: string): Promise<{ id: number; status: string }> {
  const [row] = await db
    .insert(shops)
    .values({ domain })
    .onConflictDoUpdate({ target: shops.domain, set: { domain: sql`excluded.domain` } })
    .returning({ id: shops.id, status: shops.status });
  return row!;
}
