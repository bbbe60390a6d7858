/** TikTok Shop push types Corridor handles at POST /webhooks/tiktok (topic = TIKTOK_EVENT_TYPES name). */
import type { TopicHandler } from "../../../inbox/topic-handler";
import type { ChannelOf } from "../../marketplace-ingest.server";
import type { TiktokCredentials } from "../oauth";
import { handleOrderStatusChange } from "./handle-order-status-change.server";
import { handleSellerDeauthorization } from "./handle-seller-deauthorization.server";

export function createTiktokTopicHandlers(channelOf: ChannelOf<TiktokCredentials>): Readonly<Record<string, TopicHandler>> {
  const orderChanged = handleOrderStatusChange(channelOf);
  return {
    ORDER_STATUS_CHANGE: orderChanged,
    // A buyer's cancellation request changes the order too; reading it keeps cancelledAt current.
    CANCELLATION_STATUS_CHANGE: orderChanged,
    SELLER_DEAUTHORIZATION: handleSellerDeauthorization,
  };
}
