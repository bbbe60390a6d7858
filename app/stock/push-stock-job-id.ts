/**
 * One push-stock job per connection and coalescing window: every change seen in the window adds
 * the same job id, so a burst of 10,000 changes is one job. (Belongs with the other named keys in
 * app/queues/keys.ts; kept here because that file is the lead's.) BullMQ refuses ":" in ids.
 */
export const pushStockJobId = (connectionId: number, window: number) => `stock-${connectionId}-w${window}`;

/** A sync asked for by hand (CLI, admin): its own id, never merged with a window job. */
export const manualStockSyncJobId = (connectionId: number, at: Date) => `stock-${connectionId}-manual-${at.getTime()}`;
