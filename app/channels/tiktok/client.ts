/**
 * All HTTP to TikTok Shop. Every API request carries app_key, timestamp and sign in the query
 * (shop_cipher too on shop-scoped paths) and the token in `x-tts-access-token`; the body is
 * serialised once and those exact bytes are both signed and sent.
 */
import { BACKGROUND_SHARE, isBackground } from "../call-priority";
import { PartnerError, PartnerThrottledError } from "../../lib/errors";
import { tiktokErrorFrom } from "./errors";
import { signRequest } from "./sign";
import type { TiktokEnvelope } from "./wire";

export interface TiktokClientConfig {
  appKey: string;
  appSecret: string;
  /** https://open-api.tiktokglobalshop.com in production; the sandbox origin in tests. */
  apiOrigin: string;
  /** https://auth.tiktok-shops.com in production. */
  authOrigin: string;
  /** Local pacing per shop; TikTok's real limits are unpublished (contract §B.4). */
  maxRequestsPerSecond?: number;
  now?: () => number;
  fetch?: typeof fetch;
}

export interface TiktokCall {
  method: "GET" | "POST";
  path: string;
  accessToken: string;
  /** Shop-scoped paths need it; /authorization/* must not carry it. */
  shopCipher?: string;
  query?: Record<string, string>;
  body?: unknown;
}

export class TiktokClient {
  private readonly now: () => number;
  private readonly doFetch: typeof fetch;
  private readonly nextSlot = new Map<string, number>();

  constructor(private readonly config: TiktokClientConfig) {
    this.now = config.now ?? Date.now;
    this.doFetch = config.fetch ?? fetch;
  }

  /** Spaces calls on one lane at 1/`perSecond` apart, so a burst of stock pushes does not trip a 429. */
  private async pace(lane: string, perSecond: number): Promise<void> {
    const gap = 1000 / perSecond;
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot.get(lane) ?? 0);
    this.nextSlot.set(lane, slot + gap);
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }

  async call<T>(call: TiktokCall): Promise<T> {
    const shop = call.shopCipher ?? call.accessToken;
    const perSecond = this.config.maxRequestsPerSecond ?? 20;
    // Background work first queues on its own lane at its share of the rate, so it never holds more
    // than that share of the shop's lane, where order intake and tracking queue.
    if (isBackground()) await this.pace(`background:${shop}`, perSecond * BACKGROUND_SHARE);
    await this.pace(shop, perSecond);
    const query: Record<string, string> = { ...call.query, app_key: this.config.appKey, timestamp: String(Math.floor(this.now() / 1000)) };
    if (call.shopCipher) query.shop_cipher = call.shopCipher;
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const contentType = "application/json";
    query.sign = signRequest(this.config.appSecret, { path: call.path, query, body, contentType });
    const url = new URL(call.path, this.config.apiOrigin);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    try {
      return await this.send<T>(url, { method: call.method, headers: { "content-type": contentType, "x-tts-access-token": call.accessToken }, body });
    } catch (error) {
      // Hold this shop's next calls until TikTok's back-off has passed.
      if (error instanceof PartnerThrottledError) this.nextSlot.set(call.shopCipher ?? call.accessToken, Date.now() + error.retryAfterMs);
      throw error;
    }
  }

  /** The token endpoints on the auth host: unsigned, app_secret in the query (contract §B.5). */
  async auth<T>(path: "/api/v2/token/get" | "/api/v2/token/refresh", query: Record<string, string>): Promise<T> {
    const url = new URL(path, this.config.authOrigin);
    for (const [key, value] of Object.entries({ app_key: this.config.appKey, app_secret: this.config.appSecret, ...query })) url.searchParams.set(key, value);
    return this.send<T>(url, { method: "GET", headers: {} });
  }

  private async send<T>(url: URL, init: RequestInit): Promise<T> {
    let response: Response;
    try {
      response = await this.doFetch(url, init);
    } catch (cause) {
      throw new PartnerError("TIKTOK_NETWORK", `tiktok ${init.method} ${url.pathname} failed: ${String(cause)}`, { retryable: true, cause });
    }
    const text = await response.text();
    let envelope: TiktokEnvelope<T> | null;
    try {
      envelope = text === "" ? null : (JSON.parse(text) as TiktokEnvelope<T>);
    } catch {
      envelope = null;
    }
    if (!response.ok || !envelope || envelope.code !== 0) {
      throw tiktokErrorFrom(response.status, envelope, response.headers);
    }
    return envelope.data as T;
  }
}
