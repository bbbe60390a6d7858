/**
 * Signed webhook delivery, as Standard Webhooks partners (ShipBob) do it: the body is serialised
 * once and every attempt sends the same bytes and the same webhook-id; webhook-timestamp is the
 * wall-clock time of the attempt (not the simulated clock: receivers reject timestamps more than
 * 5 minutes off). Signed with the `standardwebhooks` reference library, so the connector's own
 * verifier is checked against an independent implementation.
 */
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import type { Faults } from "./faults";
import type { SandboxRecords, Tenant } from "./state";

export interface WebhookRetryPolicy {
  /** Total attempts per delivery, the first included. */
  attempts: number;
  /** Real-ms waits before attempt 2, 3, …; the last value repeats. */
  backoffMs: number[];
  /** Real ms a receiver has to answer. */
  timeoutMs: number;
}

export const DEFAULT_RETRY: WebhookRetryPolicy = { attempts: 6, backoffMs: [50, 250, 1_000, 5_000, 15_000], timeoutMs: 10_000 };

/** How long an out-of-order delivery waits for a successor before going out anyway (real ms). */
const HOLD_BACK_MS = 250;

interface Delivery {
  id: string;
  tenant: Tenant;
  topic: string;
  body: string;
  reference?: string;
  outOfOrder: boolean;
}

export class WebhookSender {
  private readonly inflight = new Set<Promise<void>>();
  private readonly firstAttempts = new Map<string, Promise<void>>();
  private held: { delivery: Delivery; timer: NodeJS.Timeout } | undefined;
  private closed = false;

  constructor(
    private readonly records: SandboxRecords,
    private readonly faults: Faults,
    private readonly retry: WebhookRetryPolicy = DEFAULT_RETRY,
  ) {}

  /** Queues one event for a tenant; a tenant without a webhook URL gets nothing (polling only). */
  send(tenant: Tenant, topic: string, payload: unknown, reference?: string): void {
    if (this.closed || !tenant.webhookUrl) return;
    const delivery: Delivery = { id: `msg_${randomBytes(12).toString("hex")}`, tenant, topic, body: JSON.stringify(payload), reference, outOfOrder: false };
    const previous = this.held;
    if (!previous && this.faults.outOfOrderWebhook()) {
      delivery.outOfOrder = true;
      const timer = setTimeout(() => this.release(), HOLD_BACK_MS);
      timer.unref?.();
      this.held = { delivery, timer };
      return;
    }
    this.dispatch(delivery);
    // The held one queues behind its successor's first attempt: the receiver sees them swapped.
    if (previous) this.release();
  }

  private release(): void {
    const held = this.held;
    if (!held) return;
    clearTimeout(held.timer);
    this.held = undefined;
    this.dispatch(held.delivery);
  }

  private dispatch(delivery: Delivery): void {
    this.track(this.deliver(delivery));
  }

  private track(p: Promise<void>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  /**
   * Each delivery's first attempt waits for the previous delivery's first attempt, so a healthy
   * receiver sees events in the order they happened; retries do not wait, so one failing
   * delivery never blocks the rest (and then arrives late, as with real partners).
   */
  private async deliver(delivery: Delivery): Promise<void> {
    const previous = this.firstAttempts.get(delivery.tenant.name) ?? Promise.resolve();
    let firstDone!: () => void;
    this.firstAttempts.set(delivery.tenant.name, new Promise<void>((resolve) => (firstDone = resolve)));
    try {
      await previous;
      for (let attempt = 1; attempt <= this.retry.attempts && !this.closed; attempt++) {
        const status = await this.attempt(delivery, attempt, false);
        firstDone();
        if (status >= 200 && status < 300) {
          if (this.faults.duplicateWebhook()) await this.attempt(delivery, attempt + 1, true);
          return;
        }
        // 410 Gone: the receiver disabled this endpoint (Standard Webhooks); stop retrying.
        if (status === 410) return;
        const wait = this.retry.backoffMs[Math.min(attempt - 1, this.retry.backoffMs.length - 1)] ?? 1_000;
        if (attempt < this.retry.attempts) await new Promise((r) => setTimeout(r, wait));
      }
    } finally {
      firstDone();
    }
  }

  private async attempt(delivery: Delivery, attempt: number, duplicate: boolean): Promise<number> {
    const sentAt = new Date();
    const signature = new Webhook(delivery.tenant.webhookSecret).sign(delivery.id, sentAt, delivery.body);
    let status: number;
    try {
      const response = await fetch(delivery.tenant.webhookUrl!, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "webhook-id": delivery.id,
          "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
          "webhook-signature": signature,
          "x-webhook-topic": delivery.topic,
          "x-sandbox-tenant": delivery.tenant.name,
        },
        body: delivery.body,
        signal: AbortSignal.timeout(this.retry.timeoutMs),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch {
      status = 0; // unreachable receiver or no answer within timeoutMs: retried like a 5xx
    }
    this.records.webhooks.push({
      deliveryId: delivery.id,
      tenant: delivery.tenant.name,
      topic: delivery.topic,
      reference: delivery.reference,
      attempt,
      status,
      duplicate,
      outOfOrder: delivery.outOfOrder,
      sentAt: sentAt.toISOString(),
    });
    return status;
  }

  /** Resolves once every queued delivery has succeeded or given up. */
  async settled(): Promise<void> {
    while (this.inflight.size > 0 || this.held) {
      if (this.held && this.inflight.size === 0) this.release();
      await Promise.allSettled([...this.inflight]);
    }
  }

  close(): void {
    this.closed = true;
    if (this.held) clearTimeout(this.held.timer);
    this.held = undefined;
  }
}
