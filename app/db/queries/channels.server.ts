/** The shop's storefront connections and their webhook health. */
import { asc, eq } from "drizzle-orm";
import type { Database } from "../client.server";
import { channelConnections } from "../schema";

/** Connections without their credentials: tokens never leave the server. */
export async function listConnections(db: Database, shopId: number) {
  return db
    .select({
      id: channelConnections.id,
      channel: channelConnections.channel,
      externalAccountId: channelConnections.externalAccountId,
      status: channelConnections.status,
      /** Why it needs reconnecting (the platform's refusal), for the merchant beside the button. */
      statusReason: channelConnections.statusReason,
      statusChangedAt: channelConnections.statusChangedAt,
      lastWebhookAt: channelConnections.lastWebhookAt,
      createdAt: channelConnections.createdAt,
    })
    .from(channelConnections)
    .where(eq(channelConnections.shopId, shopId))
    .orderBy(asc(channelConnections.channel), asc(channelConnections.id));
}
