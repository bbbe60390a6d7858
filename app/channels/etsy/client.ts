/**
 * All HTTP to Etsy. Every call carries `x-api-key: <keystring>:<shared secret>` (required since
 * 9 Feb 2026; keystring alone is refused with 403) and, for OAuth calls, the Bearer token.
 * Calls are paced by a limiter per OAuth token, since Etsy counts per token.
 */
import type { EtsyInventory, EtsyInventoryUpdate, EtsyListingPage, EtsyReceipt, EtsyReceiptPage, EtsyShipment, EtsyTokenResponse } from "./wire";
import { etsyErrorFrom } from "./errors";
import { EtsyRateLimiter, realClock, type Clock } from "./rate-limiter";
import { PartnerError, PartnerThrottledError } from "../../lib/errors";

export interface EtsyClientConfig {
  keystring: string;
  sharedSecret: string;
  /** https://openapi.etsy.com in production; the sandbox's origin in tests. */
  apiOrigin: string;
  /** https://api.etsy.com in production (token endpoint host). */
  oauthOrigin: string;
  clock?: Clock;
  fetch?: typeof fetch;
}

type Query = Record<string, string | number | boolean | undefined>;

export class EtsyClient {
  private readonly limiters = new Map<string, EtsyRateLimiter>();
  private readonly clock: Clock;
  private readonly doFetch: typeof fetch;

  constructor(private readonly config: EtsyClientConfig) {
    this.clock = config.clock ?? realClock;
    this.doFetch = config.fetch ?? fetch;
  }

  /**
   * Etsy counts per OAuth token; tokens rotate hourly, so we key by the token's user-id prefix
   * (stable across rotation) rather than grow a map of dead tokens in a long-lived worker.
   */
  private limiterFor(token: string): EtsyRateLimiter {
    const key = token.split(".")[0] ?? token;
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new EtsyRateLimiter(this.clock);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }

  private async call<T>(token: string, method: string, path: string, opts: { query?: Query; json?: unknown } = {}): Promise<T> {
    const limiter = this.limiterFor(token);
    await limiter.acquire();
    const url = new URL(path, this.config.apiOrigin);
    for (const [key, value] of Object.entries(opts.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = {
      "x-api-key": `${this.config.keystring}:${this.config.sharedSecret}`,
      authorization: `Bearer ${token}`,
      accept: "application/json",
    };
    if (opts.json !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await this.doFetch(url, { method, headers, body: opts.json === undefined ? undefined : JSON.stringify(opts.json) });
    } catch (cause) {
      throw new PartnerError("ETSY_NETWORK", `etsy ${method} ${url.pathname} failed: ${String(cause)}`, { retryable: true, cause });
    }
    const body = await readJson(response);
    if (!response.ok) {
      const error = etsyErrorFrom(response.status, body, response.headers);
      if (error instanceof PartnerThrottledError) limiter.throttled(error.retryAfterMs);
      throw error;
    }
    limiter.observe(response.headers);
    return body as T;
  }

  /** POST /v3/public/oauth/token, form-encoded (authorization_code or refresh_token grant). */
  async token(form: Record<string, string>): Promise<EtsyTokenResponse> {
    const url = new URL("/v3/public/oauth/token", this.config.oauthOrigin);
    let response: Response;
    try {
      response = await this.doFetch(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-api-key": `${this.config.keystring}:${this.config.sharedSecret}` },
        body: new URLSearchParams(form).toString(),
      });
    } catch (cause) {
      throw new PartnerError("ETSY_NETWORK", `etsy token request failed: ${String(cause)}`, { retryable: true, cause });
    }
    const body = await readJson(response);
    if (!response.ok) throw etsyErrorFrom(response.status, body, response.headers);
    return body as EtsyTokenResponse;
  }

  getMe(token: string) {
    return this.call<{ user_id: number; shop_id: number | null }>(token, "GET", "/v3/application/users/me");
  }

  getShopReceipt(token: string, shopId: string, receiptId: string) {
    return this.call<EtsyReceipt>(token, "GET", `/v3/application/shops/${shopId}/receipts/${receiptId}`);
  }

  getShopReceipts(token: string, shopId: string, query: Query) {
    return this.call<EtsyReceiptPage>(token, "GET", `/v3/application/shops/${shopId}/receipts`, { query });
  }

  createReceiptShipment(token: string, shopId: string, receiptId: string, body: { tracking_code: string; carrier_name: string; send_bcc?: boolean; note_to_buyer?: string }) {
    return this.call<EtsyReceipt & { shipments?: EtsyShipment[] }>(token, "POST", `/v3/application/shops/${shopId}/receipts/${receiptId}/tracking`, { json: body });
  }

  /** GET /v3/application/shops/{shop_id}/listings (getListingsByShop): `state`, `limit` ≤ 100, `offset`. */
  getListingsByShop(token: string, shopId: string, query: Query) {
    return this.call<EtsyListingPage>(token, "GET", `/v3/application/shops/${shopId}/listings`, { query });
  }

  getListingInventory(token: string, listingId: string) {
    return this.call<EtsyInventory>(token, "GET", `/v3/application/listings/${listingId}/inventory`);
  }

  updateListingInventory(token: string, listingId: string, body: EtsyInventoryUpdate) {
    return this.call<EtsyInventory>(token, "PUT", `/v3/application/listings/${listingId}/inventory`, { json: body });
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return { error: text.slice(0, 200) };
  }
}
