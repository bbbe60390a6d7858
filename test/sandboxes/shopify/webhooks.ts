/**
 * Shopify's side of webhook delivery (contract §1, §10.1–2): POSTs the exact bytes it signed with
 * HMAC-SHA256 (app secret, base64) and every §1.1 header; 2xx is success, anything else (3xx too)
 * is retried 8 times over 4 hours on a compressible clock with the original payload and the same
 * Webhook-Id. Can send duplicates and deliver a batch out of order.
 */
import { createHmac, randomUUID } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { SHOPIFY_API_VERSION } from "../../../app/channels/shopify/api-version";
import { toJsonText } from "./json-text";

/** 1+2+4+8+16+32+64+113 minutes = 4 hours (the exact schedule is unpublished, §1.3). */
export const RETRY_DELAYS_MS = [1, 2, 4, 8, 16, 32, 64, 113].map((m) => m * 60_000);

export interface DeliveryAttempt {
  at: number;
  status?: number;
  error?: string;
}

export interface Delivery {
  webhookId: string;
  eventId: string;
  topic: string;
  shop: string;
  url: string;
  body: string;
  headers: Record<string, string>;
  attempts: DeliveryAttempt[];
  delivered: boolean;
}

export interface WebhookSenderOptions {
  apiSecret: string;
  /** Real time per simulated time: 0.0001 turns the 4-hour retry cycle into ~1.4 s. Default 1. */
  timeScale?: number;
  connectTimeoutMs?: number;
  responseTimeoutMs?: number;
  now?: () => number;
}

export const signBody = (body: string | Buffer, secret: string) => createHmac("sha256", secret).update(body).digest("base64");

export class WebhookSender {
  readonly deliveries: Delivery[] = [];
  /** The one endpoint every topic goes to (Corridor's `POST /webhooks/shopify`); unset = none sent. */
  uri: string | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly opts: WebhookSenderOptions) {}

  subscribe(uri: string): void {
    this.uri = uri;
  }

  /** Builds one signed delivery with exact big-int ids; nothing is sent yet. */
  prepare(shop: string, topic: string, payload: unknown, opts: { eventId?: string; url?: string; secret?: string } = {}): Delivery {
    const url = opts.url ?? this.uri;
    if (!url) throw new Error("sandbox: no webhook subscription; call webhooks.subscribe(uri)");
    const body = toJsonText(payload);
    const now = this.opts.now?.() ?? Date.now();
    const delivery: Delivery = {
      webhookId: randomUUID(),
      eventId: opts.eventId ?? randomUUID(),
      topic,
      shop,
      url,
      body,
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": topic,
        "x-shopify-hmac-sha256": signBody(body, opts.secret ?? this.opts.apiSecret),
        "x-shopify-shop-domain": shop,
        "x-shopify-api-version": SHOPIFY_API_VERSION,
        "x-shopify-webhook-id": "",
        "x-shopify-event-id": "",
        "x-shopify-triggered-at": new Date(now).toISOString(),
      },
      attempts: [],
      delivered: false,
    };
    delivery.headers["x-shopify-webhook-id"] = delivery.webhookId;
    delivery.headers["x-shopify-event-id"] = delivery.eventId;
    return delivery;
  }

  /** Delivers with Shopify's retry cycle; resolves when delivered or after the last retry failed. */
  async send(shop: string, topic: string, payload: unknown, opts: { duplicates?: number; eventId?: string } = {}): Promise<Delivery> {
    const delivery = this.prepare(shop, topic, payload, opts);
    const copies = Array.from({ length: opts.duplicates ?? 1 }, () => this.deliver(delivery));
    await Promise.all(copies);
    return delivery;
  }

  /** Several deliveries in the given order (e.g. reversed), each with its own retry cycle. */
  async sendInOrder(deliveries: Delivery[]): Promise<void> {
    for (const d of deliveries) await this.attempt(d);
    await Promise.all(deliveries.filter((d) => !d.delivered).map((d) => this.retry(d, 0)));
  }

  async deliver(delivery: Delivery): Promise<Delivery> {
    if (!this.deliveries.includes(delivery)) this.deliveries.push(delivery);
    if (await this.attempt(delivery)) return delivery;
    await this.retry(delivery, 0);
    return delivery;
  }

  /** A signed POST of an arbitrary body, e.g. the fulfillment_order_notification ping (§3.2). */
  async post(url: string, shop: string, body: string): Promise<number> {
    const headers = {
      "content-type": "application/json",
      "x-shopify-hmac-sha256": signBody(body, this.opts.apiSecret),
      "x-shopify-shop-domain": shop,
      "x-shopify-api-version": SHOPIFY_API_VERSION,
    };
    return this.request(url, headers, body);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private async retry(delivery: Delivery, from: number): Promise<void> {
    for (let i = from; i < RETRY_DELAYS_MS.length && !delivery.delivered && !this.closed; i++) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          this.timers.delete(t);
          resolve();
        }, RETRY_DELAYS_MS[i]! * (this.opts.timeScale ?? 1));
        this.timers.add(t);
      });
      if (this.closed) return;
      await this.attempt(delivery);
    }
  }

  private async attempt(delivery: Delivery): Promise<boolean> {
    const at = this.opts.now?.() ?? Date.now();
    try {
      const status = await this.request(delivery.url, delivery.headers, delivery.body);
      delivery.attempts.push({ at, status });
      if (status >= 200 && status < 300) delivery.delivered = true;
    } catch (error) {
      delivery.attempts.push({ at, error: (error as Error).message });
    }
    return delivery.delivered;
  }

  /** node:http rather than fetch: separate 1 s connect and 5 s response limits, redirects not followed. */
  private request(url: string, headers: Record<string, string>, body: string): Promise<number> {
    const target = new URL(url);
    const lib = target.protocol === "https:" ? https : http;
    const bytes = Buffer.from(body, "utf8");
    return new Promise((resolve, reject) => {
      const req = lib.request(target, { method: "POST", headers: { ...headers, "content-length": String(bytes.length) } }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      });
      const connectTimer = setTimeout(() => req.destroy(new Error("connect timeout (1 s)")), this.opts.connectTimeoutMs ?? 1000);
      req.on("socket", (socket) => {
        if (!socket.connecting) clearTimeout(connectTimer);
        else socket.once("connect", () => clearTimeout(connectTimer));
      });
      req.setTimeout(this.opts.responseTimeoutMs ?? 5000, () => req.destroy(new Error("response timeout (5 s)")));
      req.on("error", (e) => {
        clearTimeout(connectTimer);
        reject(e);
      });
      req.on("close", () => clearTimeout(connectTimer));
      req.end(bytes);
    });
  }
}
