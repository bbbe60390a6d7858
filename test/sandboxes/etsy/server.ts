/**
 * A local Etsy Open API v3 (contract §A) on node:http: same paths, `x-api-key: keystring:secret`
 * on every call, Bearer tokens that expire, PKCE code exchange, rotating refresh tokens, QPS/QPD
 * limits with Etsy's headers and 429, `{ "error": … }` envelopes, and Standard-Webhooks-signed
 * `order.paid` deliveries sent to an app URL (duplicates and out-of-order on demand).
 *
 *   const etsy = await startEtsySandbox();  … etsy.url, etsy.state, etsy.sendOrderPaid(…) …  await etsy.close();
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { EtsySandboxState, type SandboxProduct } from "./state";

export interface EtsySandboxOptions {
  keystring?: string;
  sharedSecret?: string;
  /** `whsec_…` signing secret of the webhook endpoint. */
  webhookSecret?: string;
  perSecond?: number;
  perDay?: number;
  accessTokenTtlS?: number;
  now?: () => number;
}

export interface EtsySandbox {
  url: string;
  state: EtsySandboxState;
  keystring: string;
  sharedSecret: string;
  webhookSecret: string;
  close(): Promise<void>;
  /** Signs and POSTs an `order.paid` delivery; returns the HTTP statuses of each attempt. */
  sendOrderPaid(appUrl: string, receipt: { shopId: number; receiptId: number }, opts?: SendOptions): Promise<number[]>;
  /** The exact request a delivery would be, without sending it. */
  buildOrderPaid(receipt: { shopId: number; receiptId: number }, opts?: SendOptions): { headers: Record<string, string>; body: string };
  /** Sends built deliveries as given, reversed or shuffled (out-of-order on demand). */
  deliver(appUrl: string, deliveries: { headers: Record<string, string>; body: string }[], order?: DeliveryOrder): Promise<number[]>;
}

export interface SendOptions {
  /** Send the same delivery (same webhook-id) this many times. */
  times?: number;
  webhookId?: string;
  /** Unix seconds in webhook-timestamp (default: the sandbox clock). */
  timestamp?: number;
  /** Override the pointer (e.g. to a foreign host). */
  resourceUrl?: string;
  /** Sign with another secret (a forgery). */
  secret?: string;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startEtsySandbox(opts: EtsySandboxOptions = {}): Promise<EtsySandbox> {
  const keystring = opts.keystring ?? "sandboxkeystring1234";
  const sharedSecret = opts.sharedSecret ?? "sandboxsharedsecret";
  const webhookSecret = opts.webhookSecret ?? `whsec_${Buffer.from("etsy-sandbox-webhook-signing-key!").toString("base64")}`;
  const now = opts.now ?? Date.now;
  const state = new EtsySandboxState(now, opts.accessTokenTtlS ?? 3600);
  const perSecond = opts.perSecond ?? 10;
  const perDay = opts.perDay ?? 10_000;
  // Per-token counters: Etsy limits per OAuth token (and per key for public calls).
  const usage = new Map<string, { second: number; inSecond: number; day: number[] }>();

  function rateLimit(token: string): { ok: boolean; headers: Record<string, string> } {
    const t = now();
    const u = usage.get(token) ?? { second: 0, inSecond: 0, day: [] };
    usage.set(token, u);
    const second = Math.floor(t / 1000);
    if (u.second !== second) {
      u.second = second;
      u.inSecond = 0;
    }
    u.day = u.day.filter((at) => t - at < 86_400_000); // rolling 24 h
    // QPS is evaluated before QPD; a 429 carries none of the limit headers.
    if (u.inSecond >= perSecond || u.day.length >= perDay) return { ok: false, headers: {} };
    u.inSecond++;
    u.day.push(t);
    return {
      ok: true,
      headers: {
        "x-limit-per-second": String(perSecond),
        "x-remaining-this-second": String(perSecond - u.inSecond),
        "x-limit-per-day": String(perDay),
        "x-remaining-today": String(perDay - u.day.length),
      },
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sandbox");
    const method = req.method ?? "GET";
    const raw = await readBody(req);

    if (method === "GET" && url.pathname === "/oauth/connect") return authorize(url, res);
    if (method === "POST" && url.pathname === "/v3/public/oauth/token") return token(raw, res);

    // Every API call: x-api-key keystring:secret (enforced since Feb 2026).
    const apiKey = String(req.headers["x-api-key"] ?? "");
    if (!apiKey.includes(":")) return json(res, 403, { error: "Shared secret is required in x-api-key header." });
    const [key, secret, ...rest] = apiKey.split(":");
    if (!key || !secret || rest.length > 0) return json(res, 403, { error: "Invalid API key: should be in the format 'keystring:shared_secret'." });
    if (key !== keystring || secret !== sharedSecret) return json(res, 403, { error: "Invalid API key" });

    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ""))?.[1];
    const session = bearer ? state.accessTokens.get(bearer) : undefined;
    if (!bearer || !session) return json(res, 401, { error: "invalid_token", error_description: "access token is invalid" });
    if (session.expiresAt <= now()) return json(res, 401, { error: "invalid_token", error_description: "access token is expired" });

    if (state.faults.throttleNext > 0) {
      // Another app of the seller spent this second's quota: 429 with none of the limit headers.
      state.faults.throttleNext--;
      return json(res, 429, { error: "You have exceeded your quota." }, state.faults.retryAfterS ? { "retry-after": String(state.faults.retryAfterS) } : {});
    }
    const limit = rateLimit(bearer);
    if (!limit.ok) return json(res, 429, { error: "You have exceeded your quota." });
    const send = (status: number, body: unknown) => json(res, status, body, limit.headers);

    let m: RegExpExecArray | null;
    if (method === "GET" && url.pathname === "/v3/application/users/me") {
      const shop = [...state.shops.values()].find((s) => s.user_id === session.userId);
      return send(200, { user_id: session.userId, shop_id: shop?.shop_id ?? null });
    }
    if ((m = /^\/v3\/application\/shops\/(\d+)\/receipts(?:\/(\d+)(\/tracking)?)?$/.exec(url.pathname))) {
      const shop = state.shops.get(Number(m[1]));
      if (!shop) return send(404, { error: `Shop ${m[1]} not found` });
      if (shop.user_id !== session.userId) return send(403, { error: "You do not have permission to view this shop's receipts" });
      if (!m[2] && method === "GET") return listReceipts(shop.shop_id, url, send);
      const receipt = m[2] ? state.receipts.get(Number(m[2])) : undefined;
      if (!receipt || receipt.shop_id !== shop.shop_id) return send(404, { error: `Receipt ${m[2]} not found` });
      if (!m[3] && method === "GET") return send(200, stripShop(receipt));
      if (m[3] && method === "POST") {
        const body = parseJsonOrForm(raw, String(req.headers["content-type"] ?? ""));
        if (!body) return send(400, { error: "Invalid request body" });
        const trackingCode = typeof body.tracking_code === "string" ? body.tracking_code : undefined;
        const carrier = typeof body.carrier_name === "string" ? body.carrier_name : undefined;
        if ((trackingCode && !carrier) || (!trackingCode && carrier)) return send(400, { error: "tracking_code and carrier_name must be given together" });
        state.records.shipments.push({ receiptId: String(receipt.receipt_id), body });
        const nowS = Math.floor(now() / 1000);
        if (trackingCode && carrier) receipt.shipments.push({ receipt_shipping_id: state.id(), shipment_notification_timestamp: nowS, carrier_name: carrier, tracking_code: trackingCode });
        receipt.is_shipped = true;
        receipt.status = "completed";
        receipt.update_timestamp = receipt.updated_timestamp = nowS;
        return send(200, stripShop(receipt));
      }
      return send(405, { error: "Method not allowed" });
    }
    if (method === "GET" && (m = /^\/v3\/application\/shops\/(\d+)\/listings$/.exec(url.pathname))) {
      const shop = state.shops.get(Number(m[1]));
      if (!shop) return send(404, { error: `Shop ${m[1]} not found` });
      // Only the owner sees non-active states; the sandbox serves owners only.
      if (shop.user_id !== session.userId) return send(403, { error: "You do not have permission to view this shop's listings" });
      return listListings(shop.shop_id, url, send);
    }
    if ((m = /^\/v3\/application\/listings\/(\d+)\/inventory$/.exec(url.pathname))) {
      const listing = state.listings.get(Number(m[1]));
      if (!listing) return send(404, { error: `Listing ${m[1]} not found` });
      if (state.shops.get(listing.shop_id)?.user_id !== session.userId) return send(403, { error: "You do not own this listing" });
      if (method === "GET") {
        const showDeleted = url.searchParams.get("show_deleted") === "true";
        return send(200, { ...listing.inventory, products: listing.inventory.products.filter((p) => showDeleted || !p.is_deleted) });
      }
      if (method === "PUT") {
        let body: unknown;
        try {
          body = JSON.parse(raw);
        } catch {
          return send(400, { error: "Invalid JSON" });
        }
        const problem = validateInventoryWrite(body);
        if (problem) return send(400, { error: problem });
        state.records.inventoryUpdates.push({ listingId: String(listing.listing_id), body });
        const write = body as { products: { sku?: string | null; property_values: SandboxProduct["property_values"]; offerings: { price: number; quantity: number; is_enabled: boolean; readiness_state_id: number | null }[] }[]; price_on_property?: number[]; quantity_on_property?: number[]; sku_on_property?: number[] };
        // The PUT replaces the whole product set: what is not in the body is gone.
        listing.inventory = {
          products: write.products.map((p) => ({
            product_id: state.id(),
            sku: p.sku ?? "",
            is_deleted: false,
            property_values: p.property_values.map((pv) => ({ property_id: pv.property_id, property_name: pv.property_name ?? null, scale_id: pv.scale_id ?? null, scale_name: null, value_ids: pv.value_ids, values: pv.values })),
            offerings: p.offerings.map((o) => ({ offering_id: state.id(), quantity: o.quantity, is_enabled: o.is_enabled, is_deleted: false, price: { amount: Math.round(o.price * 100), divisor: 100, currency_code: listing.currency }, readiness_state_id: o.readiness_state_id })),
          })),
          price_on_property: write.price_on_property ?? [],
          quantity_on_property: write.quantity_on_property ?? [],
          sku_on_property: write.sku_on_property ?? [],
          readiness_state_on_property: [],
        };
        return send(200, listing.inventory);
      }
    }
    return send(404, { error: `No route for ${method} ${url.pathname}` });
  }

  function listReceipts(shopId: number, url: URL, send: (s: number, b: unknown) => void) {
    const q = url.searchParams;
    const minModified = q.has("min_last_modified") ? Number(q.get("min_last_modified")) : 0;
    const limit = Math.min(100, Math.max(1, Number(q.get("limit") ?? 25)));
    const offset = Number(q.get("offset") ?? 0);
    const sortOn = q.get("sort_on") ?? "created";
    const asc = ["asc", "ascending", "up"].includes(q.get("sort_order") ?? "desc");
    const key = sortOn === "updated" ? "update_timestamp" : sortOn === "receipt_id" ? "receipt_id" : "create_timestamp";
    let rows = [...state.receipts.values()].filter((r) => r.shop_id === shopId && r.update_timestamp >= minModified);
    if (q.get("was_paid") === "true") rows = rows.filter((r) => r.is_paid);
    if (q.get("was_shipped") === "false") rows = rows.filter((r) => !r.is_shipped);
    rows.sort((a, b) => (Number(a[key]) - Number(b[key])) * (asc ? 1 : -1) || a.receipt_id - b.receipt_id);
    send(200, { count: rows.length, results: rows.slice(offset, offset + limit).map(stripShop) });
  }

  /** getListingsByShop: `state` (default active), `limit` 1–100 (default 25), `offset`; `{ count, results }`. */
  function listListings(shopId: number, url: URL, send: (s: number, b: unknown) => void) {
    const q = url.searchParams;
    const wanted = q.get("state") ?? "active";
    if (!["active", "inactive", "sold_out", "draft", "expired"].includes(wanted)) return send(400, { error: `Invalid state: ${wanted}` });
    const limit = Number(q.get("limit") ?? 25);
    const offset = Number(q.get("offset") ?? 0);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return send(400, { error: "limit must be between 1 and 100" });
    if (!Number.isInteger(offset) || offset < 0) return send(400, { error: "offset must be a non-negative integer" });
    const asc = ["asc", "ascending", "up"].includes(q.get("sort_order") ?? "desc");
    const rows = [...state.listings.values()]
      .filter((l) => l.shop_id === shopId && l.state === wanted)
      .sort((a, b) => ((a.created_timestamp - b.created_timestamp) || (a.listing_id - b.listing_id)) * (asc ? 1 : -1));
    send(200, {
      count: rows.length,
      results: rows.slice(offset, offset + limit).map((l) => ({
        listing_id: l.listing_id,
        shop_id: l.shop_id,
        state: l.state,
        quantity: l.inventory.products.filter((p) => !p.is_deleted).reduce((sum, p) => sum + (p.offerings[0]?.quantity ?? 0), 0),
        sku: l.inventory.products.filter((p) => !p.is_deleted && p.sku).map((p) => p.sku),
        created_timestamp: l.created_timestamp,
      })),
    });
  }

  function authorize(url: URL, res: ServerResponse) {
    const q = url.searchParams;
    const redirect = q.get("redirect_uri");
    if (q.get("client_id") !== keystring || q.get("response_type") !== "code" || !redirect) return json(res, 400, { error: "invalid_request", error_description: "client_id, response_type=code and redirect_uri are required" });
    if (q.get("code_challenge_method") !== "S256" || !q.get("code_challenge")) return json(res, 400, { error: "invalid_request", error_description: "code_challenge with method S256 is required" });
    // The sandbox's seller consents at once: the first shop's owner.
    const owner = [...state.shops.values()][0];
    if (!owner) return json(res, 400, { error: "access_denied", error_description: "sandbox has no shop" });
    const code = `code_${state.id()}`;
    state.codes.set(code, { userId: owner.user_id, challenge: q.get("code_challenge")!, redirectUri: redirect });
    const target = new URL(redirect);
    target.searchParams.set("code", code);
    target.searchParams.set("state", q.get("state") ?? "");
    res.writeHead(302, { location: target.toString() }).end();
  }

  function token(raw: string, res: ServerResponse) {
    const form = new URLSearchParams(raw);
    state.records.tokenGrants.push({ grantType: form.get("grant_type") ?? "" });
    if (form.get("client_id") !== keystring) return json(res, 400, { error: "invalid_client", error_description: "client_id is not a known keystring" });
    if (form.get("grant_type") === "authorization_code") {
      const grant = state.codes.get(form.get("code") ?? "");
      if (!grant) return json(res, 400, { error: "invalid_grant", error_description: "code is invalid or used" });
      state.codes.delete(form.get("code")!);
      const challenge = createHash("sha256").update(form.get("code_verifier") ?? "").digest("base64url");
      if (challenge !== grant.challenge) return json(res, 400, { error: "invalid_grant", error_description: "code_verifier does not match code_challenge" });
      if (form.get("redirect_uri") !== grant.redirectUri) return json(res, 400, { error: "invalid_grant", error_description: "redirect_uri mismatch" });
      return json(res, 200, state.issueTokens(grant.userId));
    }
    if (form.get("grant_type") === "refresh_token") {
      const old = form.get("refresh_token") ?? "";
      const grant = state.refreshTokens.get(old);
      if (!grant) return json(res, 400, { error: "invalid_grant", error_description: "refresh_token is revoked" });
      // Rotation: the used refresh token dies with this answer.
      state.refreshTokens.delete(old);
      return json(res, 200, state.issueTokens(grant.userId));
    }
    return json(res, 400, { error: "unsupported_grant_type", error_description: "grant_type must be authorization_code or refresh_token" });
  }

  const server = createServer((req, res) => {
    handle(req, res)
      .catch((error: unknown) => json(res, 500, { error: String(error) }))
      .finally(() => state.records.requests.push({ method: req.method ?? "", path: (req.url ?? "").split("?")[0]!, status: res.statusCode }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function buildOrderPaid(receipt: { shopId: number; receiptId: number }, o: SendOptions = {}) {
    const body = JSON.stringify({ event_type: "order.paid", resource_url: o.resourceUrl ?? `${url}/v3/application/shops/${receipt.shopId}/receipts/${receipt.receiptId}`, shop_id: receipt.shopId });
    const id = o.webhookId ?? `msg_${receipt.receiptId}_${state.id()}`;
    const timestamp = o.timestamp ?? Math.floor(now() / 1000);
    const signature = new Webhook(o.secret ?? webhookSecret).sign(id, new Date(timestamp * 1000), body);
    return { headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signature }, body };
  }

  return {
    url,
    state,
    keystring,
    sharedSecret,
    webhookSecret,
    buildOrderPaid,
    deliver: deliverInOrder,
    async sendOrderPaid(appUrl, receipt, o = {}) {
      const delivery = buildOrderPaid(receipt, o);
      const statuses: number[] = [];
      for (let i = 0; i < (o.times ?? 1); i++) statuses.push((await fetch(appUrl, { method: "POST", headers: delivery.headers, body: delivery.body })).status);
      return statuses;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type DeliveryOrder = "as-given" | "reverse" | "shuffle";

/** POSTs deliveries one after another in the chosen order; returns statuses in sending order. */
async function deliverInOrder(appUrl: string, deliveries: { headers: Record<string, string>; body: string }[], order: DeliveryOrder = "as-given"): Promise<number[]> {
  const list = order === "reverse" ? [...deliveries].reverse() : order === "shuffle" ? [...deliveries].sort(() => Math.random() - 0.5) : deliveries;
  const statuses: number[] = [];
  for (const d of list) statuses.push((await fetch(appUrl, { method: "POST", headers: d.headers, body: d.body })).status);
  return statuses;
}

function stripShop(receipt: Record<string, unknown>) {
  const { shop_id: _shopId, ...rest } = receipt;
  return rest;
}

function parseJsonOrForm(raw: string, contentType: string): Record<string, unknown> | null {
  try {
    if (contentType.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(raw));
    return JSON.parse(raw || "{}") as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** updateListingInventory takes float prices and refuses read-only fields (contract §A.5). */
function validateInventoryWrite(body: unknown): string | null {
  const products = (body as { products?: unknown })?.products;
  if (!Array.isArray(products) || products.length === 0) return "products must be a non-empty array";
  for (const p of products as Record<string, unknown>[]) {
    for (const readOnly of ["product_id", "is_deleted"]) if (readOnly in p) return `products[].${readOnly} is read-only`;
    if (!Array.isArray(p.offerings) || p.offerings.length === 0) return "each product needs offerings";
    for (const o of p.offerings as Record<string, unknown>[]) {
      for (const readOnly of ["offering_id", "is_deleted"]) if (readOnly in o) return `offerings[].${readOnly} is read-only`;
      if (typeof o.price !== "number") return "offerings[].price must be a float, not Money";
      if (!Number.isInteger(o.quantity) || (o.quantity as number) < 0) return "offerings[].quantity must be a non-negative integer";
      if (typeof o.is_enabled !== "boolean") return "offerings[].is_enabled is required";
    }
  }
  return null;
}
