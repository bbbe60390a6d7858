/** Queue names, one per kind of work. Workers and producers import these, never string literals. */
export const QUEUE = {
  /** A stored inbox row → its topic handler (normalise, upsert, answer the platform). */
  ingest: "ingest",
  /** An order revision → routing decision + stock reservation, in one transaction. */
  routeOrder: "route-order",
  /** An allocation → the warehouse's API (idempotent by client reference). */
  dispatch: "dispatch",
  /** A shipment / tracking event → the storefront (fulfillment, events). */
  pushTracking: "push-tracking",
  /** Coalesced stock changes → every storefront. */
  pushStock: "push-stock",
  /** Periodic safety nets: inbox relay, fulfillment-order poll, marketplace polling. */
  maintenance: "maintenance",
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];
export const ALL_QUEUES: readonly QueueName[] = Object.values(QUEUE);
