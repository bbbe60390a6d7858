/** Etsy topics Corridor receives at POST /webhooks/etsy and the handler of each. */
import type { TopicHandler } from "../../../inbox/topic-handler";
import type { ChannelOf } from "../../marketplace-ingest.server";
import type { EtsyCredentials } from "../oauth";
import { handleOrderPaid } from "./handle-order-paid.server";

export function createEtsyTopicHandlers(channelOf: ChannelOf<EtsyCredentials>): Readonly<Record<string, TopicHandler>> {
  // Etsy's only webhook event so far ("Webhooks for Paid Orders"); the wire name is lower case.
  return { "order.paid": handleOrderPaid(channelOf) };
}
