/** Typed job payloads, one per queue. Every payload carries the correlation id minted at the inbox. */
import type { ChannelId } from "../domain/order";
import type { QUEUE } from "./names";

interface Traced {
  correlationId: string;
}

export interface IngestJob extends Traced {
  inboxId: number;
  /** A replay (admin retry): a failed row is processed again instead of skipped. */
  replay?: boolean;
}
export interface RouteOrderJob extends Traced {
  orderId: number;
  revision: number;
}
export interface DispatchJob extends Traced {
  allocationId: number;
  /** A retry after a permanent refusal was fixed: a failed allocation is sent again. */
  retry?: boolean;
}
export interface PushTrackingJob extends Traced {
  /** "shipment": create (or update after a carrier handover) the storefront's fulfillment; "event": one progress event. */
  kind: "shipment" | "event";
  allocationId: number;
  trackingEventId?: number;
  trackingNumber?: string | null;
  /** The order's channel when the producer knew it (a warehouse event does): the job then reads no row to find its pusher. */
  channel?: ChannelId;
}
export interface PushStockJob extends Traced {
  connectionId: number;
  /** "changes" (default): the connection's outbox; "all": every SKU's level (after discovering refs, a reconnect). */
  scope?: "changes" | "all";
}
export type MaintenanceJob = Traced & {
  task: "poll-fulfillment-orders" | "answer-fulfillment-order" | "poll-all-shops" | "poll-marketplaces" | "discover-channel-refs";
  shopDomain?: string;
  /** answer-fulfillment-order: the fulfillment order a webhook named (GID). */
  fulfillmentOrderId?: string;
  /** discover-channel-refs: one connection; without it, every live Etsy and TikTok connection. */
  connectionId?: number;
};

export interface JobPayloads {
  [QUEUE.ingest]: IngestJob;
  [QUEUE.routeOrder]: RouteOrderJob;
  [QUEUE.dispatch]: DispatchJob;
  [QUEUE.pushTracking]: PushTrackingJob;
  [QUEUE.pushStock]: PushStockJob;
  [QUEUE.maintenance]: MaintenanceJob;
}
