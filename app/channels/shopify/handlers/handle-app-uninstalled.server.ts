/**
 * app/uninstalled: stop all work for the shop and revoke its sessions. Shopify may send it more than
 * once and after the sessions are already gone (template: webhooks.app.uninstalled.tsx), so every step
 * is idempotent. Data erasure waits for shop/redact, 48 h later.
 */
import { eq } from "drizzle-orm";
import { channelConnections, sessionTable, shops } from "../../../db/schema";
import type { TopicHandler } from "../../../inbox/topic-handler";

export const handleAppUninstalled: TopicHandler = async (ctx, row) => {
  await ctx.db.transaction(async (tx) => {
    await tx.delete(sessionTable).where(eq(sessionTable.shop, row.shopDomain));
    const [shop] = await tx
      .update(shops)
      .set({ status: "uninstalled", uninstalledAt: ctx.now() })
      .where(eq(shops.domain, row.shopDomain))
      .returning({ id: shops.id });
    if (shop) {
      await tx.update(channelConnections).set({ status: "disconnected", credentials: {} }).where(eq(channelConnections.shopId, shop.id));
    }
  });
  return { status: "processed" };
};
