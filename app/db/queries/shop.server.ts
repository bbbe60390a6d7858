/** The merchant account behind a session: found by domain, created on first sight. */
import { eq } from "drizzle-orm";
import type { Database } from "../client.server";
import { shops } from "../schema";

export type ShopRow = typeof shops.$inferSelect;

export async function findShopByDomain(db: Database, domain: string): Promise<ShopRow | undefined> {
  const [row] = await db.select().from(shops).where(eq(shops.domain, domain)).limit(1);
  return row;
}

/**
 * The shop a merchant just opened or installed Corridor in: inserted on first visit, marked active again
 * on a reinstall. Intake uses ensureShop (app/shops) instead, which never reactivates an uninstalled shop.
 */
export async function activateShop(db: Database, domain: string): Promise<ShopRow> {
  const existing = await findShopByDomain(db, domain);
  if (existing && existing.status === "active") return existing;
  const [row] = await db
    .insert(shops)
    .values({ domain })
    .onConflictDoUpdate({ target: shops.domain, set: { status: "active", uninstalledAt: null } })
    .returning();
  return row!;
}

/** Remembers the admin language Shopify reported, so later requests without the param keep it. */
export async function rememberShopLocale(db: Database, shopId: number, locale: string): Promise<void> {
  await db.update(shops).set({ locale }).where(eq(shops.id, shopId));
}
