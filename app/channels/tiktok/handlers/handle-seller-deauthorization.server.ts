/**
 * SELLER_DEAUTHORIZATION: the seller removed Corridor in Seller Center. Every call would now be
 * refused, so the connection is flagged for the merchant to reconnect instead of failing job after job.
 */
import type { TopicHandler } from "../../../inbox/topic-handler";
import { ChannelAuthError } from "../../channel";
import { findConnection, markNeedsReauth } from "../../marketplace-ingest.server";

export const handleSellerDeauthorization: TopicHandler = async (ctx, row) => {
  const connection = await findConnection(ctx, "tiktok", row.shopDomain);
  if (!connection) return { status: "ignored", note: `no tiktok connection for shop ${row.shopDomain}` };
  await markNeedsReauth(ctx, connection, new ChannelAuthError("tiktok", `shop ${row.shopDomain} deauthorized Corridor (SELLER_DEAUTHORIZATION)`));
  return { status: "processed", note: `connection ${connection.id} needs reauth` };
};
