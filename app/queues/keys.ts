/**
 * Named idempotency keys. Each is the BullMQ job id of the work it names (a second add with the same
 * id is a no-op while the job exists) and is backed by a unique constraint in app/db/schema.ts, so a
 * redelivered webhook or a retried step adds nothing. BullMQ refuses ":" in custom ids.
 */

/** One ingest job per inbox row (webhook_inbox.id is unique by (channel, delivery_id)). */
export const ingestJobId = (inboxId: number) => `inbox-${inboxId}`;

/** One routing job per order revision; a redelivered webhook adds nothing. */
export const routeJobId = (orderId: number, revision: number) => `route-${orderId}-r${revision}`;

/** One dispatch job per allocation. */
export const dispatchJobId = (allocationId: number) => `dispatch-${allocationId}`;

/**
 * One storefront push per thing pushed: a shipment under one tracking number (a carrier handover
 * is a new push), or one tracking event row.
 */
export const pushTrackingJobId = (push: { kind: "shipment" | "event"; allocationId: number; trackingEventId?: number; trackingNumber?: string | null }) =>
  push.kind === "event" ? `track-${push.trackingEventId}` : `ship-${push.allocationId}-${(push.trackingNumber ?? "first").replace(/[^A-Za-z0-9_-]/g, "_")}`;

/**
 * Our reference at the warehouse for an allocation: ≤ 40 ASCII characters (Amazon MCF's limit), stable
 * across retries so the partner deduplicates a create that timed out after it succeeded.
 */
export const clientReference = (shopId: number, orderId: number, allocationSeq: number) => {
  const ref = `CR-${shopId}-${orderId}-${allocationSeq}`;
  if (ref.length > 40) throw new Error(`client reference too long: ${ref}`);
  return ref;
};

/**
 * Fulfillment-order polls coalesce per shop into windows: every ping or webhook of one window adds the
 * same job, delayed until the window has closed, so the poll starts after the last signal it answers
 * (a signal in the next window makes the next job). Bursts read once; nothing waits for a timer.
 */
export const FO_POLL_WINDOW_MS = 2_000;
export function pollFulfillmentOrdersJob(shopDomain: string, now: Date): { jobId: string; delay: number } {
  const window = Math.floor(now.getTime() / FO_POLL_WINDOW_MS);
  return {
    jobId: `fo-poll-${shopDomain.replace(/[^a-z0-9-]/gi, "_")}-${window}`,
    delay: (window + 1) * FO_POLL_WINDOW_MS - now.getTime() + 50,
  };
}

/** The answer to one fulfillment request: a redelivered webhook names the same request, so adds nothing. */
export const answerFulfillmentOrderJobId = (fulfillmentOrderNumber: string, requestNumber: string) => `fo-answer-${fulfillmentOrderNumber}-${requestNumber}`;

/**
 * One push-stock job per connection and coalescing window: every change seen in the window adds
 * the same job id, so a burst of 10,000 changes is one job. BullMQ refuses ":" in ids.
 */
export const pushStockJobId = (connectionId: number, window: number) => `stock-${connectionId}-w${window}`;

/** The push that follows one which ended with changes left: at most one per connection and window. */
export const pushStockFollowUpJobId = (connectionId: number, window: number) => `stock-${connectionId}-f${window}`;

/** A sync asked for by hand (CLI, admin): its own id, never merged with a window job. */
export const manualStockSyncJobId = (connectionId: number, at: Date) => `stock-${connectionId}-manual-${at.getTime()}`;

/** A full push ("all") after the connection's listings were discovered: its own id, never merged with a window job. */
export const fullStockPushJobId = (connectionId: number, at: Date) => `stock-${connectionId}-all-${at.getTime()}`;

/** One catalog discovery of a connection, asked for at `at` (connect callback, CLI). */
export const discoverRefsJobId = (connectionId: number, at: Date) => `discover-${connectionId}-${at.getTime()}`;
