import { eq } from "drizzle-orm";
import type { Database, Transaction } from "../db/client.server";
import { shops } from "../db/schema";

/**
 * The shop row for a domain, created on first sight. A delivery that passed signature verification
 * proves the platform knows the shop, even if its install was never recorded (e.g. restored backup).
 * Read first and insert with DO NOTHING: an upsert (DO UPDATE) would row-lock the shop until the
 * caller's transaction ends, serialising every order of the shop (upsertOrder runs this in its tx).
 */
export async function ensureShop(db: Database | Transaction, domain: string): Promise<{ id: number; status: string }> {
  const columns = { id: shops.id, status: shops.status };
  const [existing] = await db.select(columns).from(shops).where(eq(shops.domain, domain));
  if (existing) return existing;
  const [created] = await db.insert(shops).values({ domain }).onConflictDoNothing({ target: shops.domain }).returning(columns);
  if (created) return created;
  // Another transaction created it between our read and insert (READ COMMITTED sees it now).
  const [row] = await db.select(columns).from(shops).where(eq(shops.domain, domain));
  return row!;
}
