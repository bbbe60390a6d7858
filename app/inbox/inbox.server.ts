/**
 * The inbox: verify → store once → enqueue. The only writer of webhook_inbox rows.
 *
 * A delivery is acknowledged only once it is committed to Postgres. Enqueueing afterwards is
 * best-effort: if Redis is down the row stays `pending` and the relay (relay.server.ts) enqueues it
 * when Redis is back, so nothing waits on a human. A redelivery (same platform delivery id) hits the
 * unique key and is acknowledged without a second row or a second job.
 */
import type postgres from "postgres";
import { isConnectionError } from "../db/pg-errors";
import { newCorrelationId, type Logger } from "../lib/logger.server";
import { batchedAdder } from "../queues/batched-add";
import { ingestJobId } from "../queues/keys";
import { QUEUE } from "../queues/names";
import type { Queues } from "../queues/queues.server";
import type { DeliveryVerifier } from "./delivery";

export type InboxChannel = "shopify" | "etsy" | "tiktok" | "warehouse";

export type Verdict =
  | { status: 200; outcome: "stored" | "duplicate"; inboxId: number; correlationId: string }
  | { status: 401; outcome: "unauthorized"; reason: string }
  | { status: 503; outcome: "unavailable"; reason: string };

export interface Inbox {
  accept(channel: InboxChannel, verifier: DeliveryVerifier, headers: Readonly<Record<string, string | undefined>>, rawBody: Buffer): Promise<Verdict>;
}

/** Headers worth keeping with the row (for replay and tracing); never Authorization. */
const KEPT_HEADER = /^(x-shopify-|webhook-|x-tts-|x-etsy-|x-corridor-|content-type$|user-agent$)/;

const ENQUEUE_TIMEOUT_MS = 1_000;

function withTimeout<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`enqueue timed out after ${ms} ms`)), ms);
  });
  p.catch(() => {}); // a late rejection after the timeout is already handled by the relay
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export function keptHeaders(headers: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && KEPT_HEADER.test(name)) kept[name] = value;
  return kept;
}

export function createInbox(deps: { sql: postgres.Sql; queues: Queues; logger: Logger; now?: () => Date }): Inbox {
  const now = deps.now ?? (() => new Date());
  // Under load, the deliveries of one event-loop turn share one Redis round trip.
  const enqueueIngest = batchedAdder(deps.queues.get(QUEUE.ingest));
  return {
    async accept(channel, verifier, headers, rawBody) {
      let verified;
      try {
        verified = await verifier(headers, rawBody, now());
      } catch (error) {
        if (isConnectionError(error)) return { status: 503, outcome: "unavailable", reason: "database unavailable" };
        throw error;
      }
      if (!verified.ok) return { status: 401, outcome: "unauthorized", reason: verified.reason };
      const d = verified.delivery;
      const correlationId = headers["x-corridor-correlation-id"] ?? newCorrelationId();
      let row: { id: string; correlation_id: string; inserted: boolean } | undefined;
      try {
        // Drizzle turns off postgres.js's Date/JSON serializers on this client, hence the ISO
        // string and ::jsonb.
        [row] = await deps.sql<{ id: string; correlation_id: string; inserted: boolean }[]>`
          INSERT INTO webhook_inbox (channel, delivery_id, topic, shop_domain, event_id, triggered_at, headers, raw_body, correlation_id)
          VALUES (${channel}, ${d.deliveryId}, ${d.topic}, ${d.shopDomain}, ${d.eventId ?? null}, ${d.triggeredAt?.toISOString() ?? null},
                  ${JSON.stringify(keptHeaders(headers))}::jsonb, ${rawBody}, ${correlationId})
          ON CONFLICT (channel, delivery_id) DO NOTHING
          RETURNING id, correlation_id, true AS inserted`;
        // A redelivery: find what the first delivery stored (the rare path costs a second query).
        [row] = row
          ? [row]
          : await deps.sql<{ id: string; correlation_id: string; inserted: boolean }[]>`
              SELECT id, correlation_id, false AS inserted FROM webhook_inbox WHERE channel = ${channel} AND delivery_id = ${d.deliveryId}`;
      } catch (error) {
        if (isConnectionError(error)) {
          deps.logger.error({ err: error, channel, topic: d.topic }, "inbox: Postgres unavailable, answering 503 so the platform retries");
          return { status: 503, outcome: "unavailable", reason: "database unavailable" };
        }
        throw error;
      }
      if (!row) throw new Error("inbox insert returned no row");
      const inboxId = Number(row.id);
      if (!row.inserted) return { status: 200, outcome: "duplicate", inboxId, correlationId: row.correlation_id };
      try {
        // Bounded: with Redis away BullMQ waits for a connection, and Shopify gives us 5 s in all.
        await withTimeout(ENQUEUE_TIMEOUT_MS, enqueueIngest({ inboxId, correlationId }, { jobId: ingestJobId(inboxId) }));
      } catch (error) {
        // Committed is what matters; the relay enqueues pending rows once Redis is back.
        deps.logger.warn({ err: error, inboxId, correlationId }, "inbox: enqueue failed; the relay will retry");
      }
      return { status: 200, outcome: "stored", inboxId, correlationId };
    },
  };
}
