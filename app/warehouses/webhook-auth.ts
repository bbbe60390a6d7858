/**
 * How each warehouse partner signs its pushes, checked at intake before anything is stored:
 * signature and freshness only, so a signed delivery we cannot yet understand is still stored,
 * flagged and replayable (the ingest step parses it with the connector's verifyWebhook).
 */
import { verifyStandardWebhook } from "./sandbox/verify";
import type { IncomingHeaders, WarehouseConnectorId } from "./warehouse";

export type WebhookAuth = (
  headers: IncomingHeaders,
  rawBody: Uint8Array,
  secrets: readonly string[],
  now: Date,
) => { ok: true; deliveryId: string } | { ok: false; reason: string; detail: string };

const standardWebhooks: WebhookAuth = (headers, rawBody, secrets, now) => {
  const r = verifyStandardWebhook(headers, rawBody, secrets, now);
  return "ok" in r ? r : { ok: true, deliveryId: r.deliveryId };
};

/** Partners that push over HTTP. MCF pushes through SQS/EventBridge, so it has none. */
export const WEBHOOK_AUTH: Partial<Record<WarehouseConnectorId, WebhookAuth>> = {
  sandbox: standardWebhooks,
  shipbob: standardWebhooks,
};
