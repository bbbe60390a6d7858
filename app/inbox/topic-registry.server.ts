/** channel + topic → handler. Adding a channel adds its map here. */
import { shopifyTopicHandlers } from "../channels/shopify/handlers";
import type { InboxChannel } from "./inbox.server";
import type { TopicHandler } from "./topic-handler";

const byChannel: Partial<Record<InboxChannel, Readonly<Record<string, TopicHandler>>>> = {
  shopify: shopifyTopicHandlers,
};

export function topicHandler(channel: InboxChannel, topic: string): TopicHandler | undefined {
  return byChannel[channel]?.[topic];
}
