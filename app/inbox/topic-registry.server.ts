/** channel + topic → handler. Adding a channel adds its map here. */
import { marketplaceTopicHandlers } from "../channels/registry.server";
import { shopifyTopicHandlers } from "../channels/shopify/handlers";
import { handleWarehouseEvent } from "../tracking/handle-warehouse-event.server";
import type { InboxChannel } from "./inbox.server";
import type { TopicHandler } from "./topic-handler";

const byChannel: Partial<Record<InboxChannel, Readonly<Record<string, TopicHandler>>>> = {
  shopify: shopifyTopicHandlers,
  ...marketplaceTopicHandlers,
};

export function topicHandler(channel: InboxChannel, topic: string): TopicHandler | undefined {
  // Warehouse pushes share one handler: the connector named in the topic parses them.
  if (channel === "warehouse") return handleWarehouseEvent;
  return byChannel[channel]?.[topic];
}
