/**
 * A SKU's ids on each channel, kept in skus.channel_refs[channel] ({ shopify: { inventoryItemId },
 * etsy: { listingId }, tiktok: { productId, skuId } }): read for a push, written back when a
 * channel learnt one (Shopify looks items up by SKU) or says one is gone (a deleted variant).
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { skus as skusTable } from "../db/schema";
import type { ChannelId } from "../domain/order";
import { chunks } from "./stock-inputs.server";

export type ChannelRef = Record<string, string>;

export async function loadChannelRefs(db: Database, shopId: number, channel: ChannelId, skus: readonly string[]): Promise<Map<string, ChannelRef>> {
  const refs = new Map<string, ChannelRef>();
  for (const part of chunks(skus)) {
    const rows = await db
      .select({ sku: skusTable.sku, ref: sql<ChannelRef | null>`${skusTable.channelRefs} -> ${channel}::text` })
      .from(skusTable)
      .where(and(eq(skusTable.shopId, shopId), inArray(skusTable.sku, part)));
    for (const r of rows) if (r.ref && typeof r.ref === "object" && Object.keys(r.ref).length) refs.set(r.sku, r.ref);
  }
  return refs;
}

/** Merges learnt ids into skus.channel_refs[channel], creating the SKU row when only stock knew the SKU. */
export async function saveChannelRefs(db: Database, shopId: number, channel: ChannelId, learnt: ReadonlyArray<{ sku: string; channelRef: ChannelRef }>): Promise<void> {
  for (const { sku, channelRef } of learnt) {
    const ref = JSON.stringify(channelRef);
    await db
      .insert(skusTable)
      .values({ shopId, sku, channelRefs: { [channel]: channelRef } })
      .onConflictDoUpdate({
        target: [skusTable.shopId, skusTable.sku],
        set: { channelRefs: sql`${skusTable.channelRefs} || jsonb_build_object(${channel}::text, coalesce(${skusTable.channelRefs} -> ${channel}::text, '{}'::jsonb) || ${ref}::jsonb)` },
      });
  }
}

/** Forgets refs the channel refused, so the next push looks them up again. */
export async function forgetChannelRefs(db: Database, shopId: number, channel: ChannelId, skus: readonly string[]): Promise<void> {
  for (const part of chunks(skus)) {
    await db
      .update(skusTable)
      .set({ channelRefs: sql`${skusTable.channelRefs} - ${channel}::text` })
      .where(and(eq(skusTable.shopId, shopId), inArray(skusTable.sku, part)));
  }
}
