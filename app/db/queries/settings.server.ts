/** Reads and writes a shop's preferences; their schema lives in ./shop-settings. */
import { eq } from "drizzle-orm";
import type { Database } from "../client.server";
import { shops } from "../schema";
import { parseStoredSettings, type ShopSettings } from "./shop-settings";

export * from "./shop-settings";

export async function readShopSettings(db: Database, shopId: number): Promise<ShopSettings> {
  const [row] = await db.select({ settings: shops.settings }).from(shops).where(eq(shops.id, shopId));
  return parseStoredSettings(row?.settings);
}

/** Replaces the settings; keeps keys other modules store beside ours in the same jsonb. */
export async function writeShopSettings(db: Database, shopId: number, settings: ShopSettings): Promise<void> {
  const [row] = await db.select({ settings: shops.settings }).from(shops).where(eq(shops.id, shopId));
  await db.update(shops).set({ settings: { ...(row?.settings ?? {}), ...settings } }).where(eq(shops.id, shopId));
}
