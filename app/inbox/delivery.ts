/** What a verified delivery tells the inbox, whatever the platform. */
export interface VerifiedDelivery {
  /** The platform's per-delivery id (X-Shopify-Webhook-Id, Standard Webhooks webhook-id, …). */
  deliveryId: string;
  topic: string;
  /** The account the delivery is about (myshopify domain, Etsy shop id, TikTok shop id, warehouse code). */
  shopDomain: string;
  /** Shared by the deliveries of one merchant action; for tracing only. */
  eventId?: string;
  triggeredAt?: Date;
}

export type VerifyResult = { ok: true; delivery: VerifiedDelivery } | { ok: false; reason: string };

/**
 * Verifies one platform's signature over the exact bytes received. Channel verifiers are pure;
 * a warehouse verifier may look up the partner's secret (cached), hence the optional promise.
 */
export type DeliveryVerifier = (headers: Readonly<Record<string, string | undefined>>, rawBody: Buffer, now: Date) => VerifyResult | Promise<VerifyResult>;
