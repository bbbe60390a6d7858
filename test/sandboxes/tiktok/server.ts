/**
 * A local TikTok Shop Partner API 202309 (contract §B) on node:http. Every API request is checked
 * like TikTok does: app_key, a timestamp within 5 minutes, the HMAC `sign` over path + sorted
 * query + body, the `x-tts-access-token`, and `shop_cipher` on shop-scoped paths. Answers use the
 * `{ code, message, request_id, data }` envelope (HTTP 200 on most errors). Webhooks are signed
 * the OTHER way: Authorization = hex HMAC(app_secret, app_key + body).
 *
 * The signature check here is written from the contract on its own; it never imports the app's sign.ts.
 */
import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { bigId, TiktokSandboxState } from "./state";

export interface TiktokSandboxOptions {
  appKey?: string;
  appSecret?: string;
  /** Requests per second per shop (or per token where no shop); over it → HTTP 429. */
  perSecond?: number;
  accessTokenTtlS?: number;
  now?: () => number;
  /** The app's registered OAuth callback; /oauth/authorize redirects there with a code for every shop. */
  redirectUri?: string;
}

export interface TiktokSandbox {
  url: string;
  state: TiktokSandboxState;
  appKey: string;
  appSecret: string;
  close(): Promise<void>;
  /** Signs and POSTs a push notification; returns the status of each attempt. */
  sendWebhook(appUrl: string, event: WebhookEvent, opts?: { times?: number; secret?: string }): Promise<number[]>;
  buildWebhook(event: WebhookEvent, opts?: { secret?: string }): { headers: Record<string, string>; body: string };
  /** Sends built deliveries as given, reversed or shuffled (out-of-order on demand). */
  deliver(appUrl: string, deliveries: { headers: Record<string, string>; body: string }[], order?: DeliveryOrder): Promise<number[]>;
}

export type DeliveryOrder = "as-given" | "reverse" | "shuffle";

/** POSTs deliveries one after another in the chosen order; returns statuses in sending order. */
export async function deliverInOrder(appUrl: string, deliveries: { headers: Record<string, string>; body: string }[], order: DeliveryOrder = "as-given"): Promise<number[]> {
  const list = order === "reverse" ? [...deliveries].reverse() : order === "shuffle" ? [...deliveries].sort(() => Math.random() - 0.5) : deliveries;
  const statuses: number[] = [];
  for (const d of list) statuses.push((await fetch(appUrl, { method: "POST", headers: d.headers, body: d.body })).status);
  return statuses;
}

export interface WebhookEvent {
  type: number;
  shopId: string;
  data: Record<string, unknown>;
  notificationId?: string;
  /** Unix seconds (default: sandbox clock). */
  timestamp?: number;
}

/** Codes: 106001 is TikTok's (contract §B.2); the rest are the sandbox's own choices (table unverified). */
export const TTS_CODES = {
  signatureInvalid: 106001,
  timestampInvalid: 106002,
  appKeyInvalid: 106003,
  tokenInvalid: 105001,
  tokenExpired: 105002,
  shopCipherInvalid: 106011,
  throttled: 6_000_429,
  notFound: 12_004_000,
  invalidParam: 12_019_000,
  inventoryWarehouseMismatch: 12_052_230,
  alreadyShipped: 21_011_001,
} as const;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startTiktokSandbox(opts: TiktokSandboxOptions = {}): Promise<TiktokSandbox> {
  const appKey = opts.appKey ?? "6a1b2c3d4e5f6";
  const appSecret = opts.appSecret ?? "sandbox-app-secret-0123456789";
  const now = opts.now ?? Date.now;
  const perSecond = opts.perSecond ?? 50;
  const state = new TiktokSandboxState(now, opts.accessTokenTtlS ?? 7 * 86_400);
  const usage = new Map<string, { second: number; count: number }>();

  const envelope = (res: ServerResponse, http: number, code: number, message: string, data?: unknown) => {
    res.writeHead(http, { "content-type": "application/json" }).end(JSON.stringify({ code, message, request_id: `sbx${randomBytes(8).toString("hex")}`, ...(data === undefined ? {} : { data }) }));
    return code;
  };
  const ok = (res: ServerResponse, data: unknown) => envelope(res, 200, 0, "Success", data);
  const fail = (res: ServerResponse, code: number, message: string) => envelope(res, code === TTS_CODES.throttled ? 429 : 200, code, message);

  function expectedSign(path: string, query: URLSearchParams, body: string, contentType: string): string {
    const keys = [...new Set(query.keys())].filter((k) => k !== "sign" && k !== "access_token").sort();
    let text = path + keys.map((k) => `${k}${query.get(k)}`).join("");
    if (!contentType.startsWith("multipart/form-data")) text += body;
    return createHmac("sha256", appSecret).update(`${appSecret}${text}${appSecret}`).digest("hex");
  }

  function throttled(key: string): boolean {
    const second = Math.floor(now() / 1000);
    const u = usage.get(key) ?? { second, count: 0 };
    if (u.second !== second) Object.assign(u, { second, count: 0 });
    usage.set(key, u);
    return ++u.count > perSecond;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const url = new URL(req.url ?? "/", "http://sandbox");
    const method = req.method ?? "GET";
    const raw = await readBody(req);
    const q = url.searchParams;

    // Seller consent (legacy link): the sandbox seller approves every shop at once.
    if (method === "GET" && url.pathname === "/oauth/authorize") {
      if (q.get("app_key") !== appKey || !opts.redirectUri) return fail(res, TTS_CODES.appKeyInvalid, "unknown app_key or no redirect registered");
      const target = new URL(opts.redirectUri);
      target.searchParams.set("code", state.issueAuthCode([...state.shops.keys()]));
      target.searchParams.set("state", q.get("state") ?? "");
      res.writeHead(302, { location: target.toString() }).end();
      return 0;
    }

    // Auth host: token get/refresh, unsigned, app_secret in the query.
    if (url.pathname === "/api/v2/token/get" || url.pathname === "/api/v2/token/refresh") {
      if (q.get("app_key") !== appKey || q.get("app_secret") !== appSecret) return fail(res, TTS_CODES.appKeyInvalid, "app_key or app_secret is invalid");
      if (url.pathname === "/api/v2/token/get") {
        const shops = q.get("grant_type") === "authorized_code" ? state.authCodes.get(q.get("auth_code") ?? "") : undefined;
        if (!shops) return fail(res, TTS_CODES.tokenInvalid, "auth_code is invalid");
        state.authCodes.delete(q.get("auth_code")!);
        return ok(res, state.issueTokens(shops));
      }
      const grant = q.get("grant_type") === "refresh_token" ? state.refreshTokens.get(q.get("refresh_token") ?? "") : undefined;
      if (!grant) return fail(res, TTS_CODES.tokenInvalid, "refresh_token is invalid");
      state.refreshTokens.delete(q.get("refresh_token")!);
      return ok(res, state.issueTokens(grant.shopIds));
    }

    // Every API request: app_key, timestamp ±5 min, sign, token, (shop_cipher).
    if (q.get("app_key") !== appKey) return fail(res, TTS_CODES.appKeyInvalid, "app_key is invalid");
    const ts = Number(q.get("timestamp"));
    if (!/^\d{10}$/.test(q.get("timestamp") ?? "") || Math.abs(now() / 1000 - ts) > 300) return fail(res, TTS_CODES.timestampInvalid, "timestamp is invalid or expired");
    if (q.get("sign") !== expectedSign(url.pathname, q, raw, String(req.headers["content-type"] ?? ""))) return fail(res, TTS_CODES.signatureInvalid, "signature is invalid");
    const token = String(req.headers["x-tts-access-token"] ?? "");
    const session = state.accessTokens.get(token);
    if (!session) return fail(res, TTS_CODES.tokenInvalid, "access token is invalid");
    if (session.expiresAt <= now()) return fail(res, TTS_CODES.tokenExpired, "access token is expired");

    if (method === "GET" && url.pathname === "/authorization/202309/shops") {
      if (throttled(token)) return fail(res, TTS_CODES.throttled, "too many requests");
      return ok(res, { shops: session.shopIds.map((id) => state.shops.get(id)).filter(Boolean) });
    }

    const cipher = q.get("shop_cipher");
    const shop = [...state.shops.values()].find((s) => s.cipher === cipher);
    if (!shop || !session.shopIds.includes(shop.id)) return fail(res, TTS_CODES.shopCipherInvalid, "shop_cipher is invalid for this token");
    if (state.faults.throttleNext > 0) {
      // A burst another of the seller's apps made: refused before anything is done.
      state.faults.throttleNext--;
      return fail(res, TTS_CODES.throttled, "too many requests");
    }
    if (throttled(shop.id)) return fail(res, TTS_CODES.throttled, "too many requests");
    let body: Record<string, unknown> = {};
    if (raw) {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return fail(res, TTS_CODES.invalidParam, "body is not JSON");
      }
    }
    const publicOrder = (o: Record<string, unknown>) => {
      const { shopId: _s, ...rest } = o;
      return rest;
    };

    let m: RegExpExecArray | null;
    if (method === "GET" && url.pathname === "/order/202309/orders") {
      const idsParam = q.get("ids") ?? "";
      // The official SDK sends an array, EcomPHP a comma-joined list: accept both.
      const ids = idsParam.startsWith("[") ? (JSON.parse(idsParam) as string[]) : idsParam.split(",").filter(Boolean);
      if (ids.length === 0 || ids.length > 50) return fail(res, TTS_CODES.invalidParam, "ids must hold 1 to 50 order ids");
      return ok(res, { orders: ids.map((id) => state.orders.get(id)).filter((o) => o && o.shopId === shop.id).map((o) => publicOrder(o!)) });
    }
    if (method === "POST" && url.pathname === "/order/202309/orders/search") {
      const size = Math.min(100, Math.max(1, Number(q.get("page_size") ?? 20)));
      const start = Number(q.get("page_token") || 0);
      const ge = typeof body.update_time_ge === "number" ? body.update_time_ge : 0;
      const rows = [...state.orders.values()].filter((o) => o.shopId === shop.id && o.update_time >= ge && (!body.order_status || o.status === body.order_status));
      rows.sort((a, b) => (a.update_time - b.update_time) * (q.get("sort_order") === "DESC" ? -1 : 1));
      const page = rows.slice(start, start + size);
      return ok(res, { orders: page.map(publicOrder), next_page_token: start + size < rows.length ? String(start + size) : "", total_count: rows.length });
    }
    if (method === "POST" && url.pathname === "/product/202309/products/search") {
      // page_size is required (1–100); page_token is the opaque cursor of the previous answer.
      const size = Number(q.get("page_size"));
      if (!Number.isInteger(size) || size < 1 || size > 100) return fail(res, TTS_CODES.invalidParam, "page_size must be between 1 and 100");
      const start = q.get("page_token") ? Number(Buffer.from(q.get("page_token")!, "base64url").toString()) : 0;
      if (!Number.isInteger(start) || start < 0) return fail(res, TTS_CODES.invalidParam, "page_token is invalid");
      const status = typeof body.status === "string" && body.status !== "ALL" ? body.status : undefined;
      const sellerSkus = Array.isArray(body.seller_skus) ? (body.seller_skus as string[]) : undefined;
      const rows = [...state.products.values()]
        .filter((p) => p.shopId === shop.id && (!status || p.status === status) && (!sellerSkus || p.skus.some((s) => sellerSkus.includes(s.seller_sku))))
        .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
      const page = rows.slice(start, start + size);
      return ok(res, {
        products: page.map((p) => ({
          id: p.id,
          title: `Product ${p.id}`,
          status: p.status,
          skus: p.skus.map((s) => ({ id: s.id, seller_sku: s.seller_sku, price: { currency: "USD", tax_exclusive_price: "12.50" }, inventory: [...s.warehouses].map(([warehouse_id, quantity]) => ({ warehouse_id, quantity })) })),
        })),
        next_page_token: start + size < rows.length ? Buffer.from(String(start + size)).toString("base64url") : "",
        total_count: rows.length,
      });
    }
    if (method === "POST" && url.pathname === "/product/202309/inventory/search") {
      const productIds = Array.isArray(body.product_ids) ? (body.product_ids as string[]) : [];
      const skuIds = Array.isArray(body.sku_ids) ? (body.sku_ids as string[]) : [];
      const products = [...state.products.values()].filter((p) => p.shopId === shop.id && (productIds.includes(p.id) || p.skus.some((s) => skuIds.includes(s.id))));
      return ok(res, {
        inventory: products.map((p) => ({
          product_id: p.id,
          skus: p.skus.map((s) => ({
            id: s.id,
            seller_sku: s.seller_sku,
            total_available_quantity: [...s.warehouses.values()].reduce((a, b) => a + b, 0),
            total_committed_quantity: 0,
            warehouse_inventory: [...s.warehouses].map(([warehouse_id, available_quantity]) => ({ warehouse_id, available_quantity, committed_quantity: 0 })),
          })),
        })),
      });
    }
    if (method === "POST" && (m = /^\/product\/202309\/products\/(\d+)\/inventory\/update$/.exec(url.pathname))) {
      const product = state.products.get(m[1]!);
      if (!product || product.shopId !== shop.id) return fail(res, TTS_CODES.notFound, "product not found");
      if (product.status !== "ACTIVATE") return fail(res, TTS_CODES.invalidParam, "product must be ACTIVATE");
      const skus = body.skus as { id: string; inventory: { warehouse_id: string; quantity: number }[] }[] | undefined;
      if (!Array.isArray(skus) || skus.length === 0) return fail(res, TTS_CODES.invalidParam, "skus is required");
      for (const s of skus) {
        const sku = product.skus.find((x) => x.id === s.id);
        if (!sku) return fail(res, TTS_CODES.invalidParam, `sku ${s.id} does not belong to product ${product.id}`);
        const given = (s.inventory ?? []).map((i) => i.warehouse_id).sort();
        const assigned = [...sku.warehouses.keys()].sort();
        // Every assigned warehouse, and nothing else (contract §B.8).
        if (given.join() !== assigned.join()) return fail(res, TTS_CODES.inventoryWarehouseMismatch, `sku ${s.id} inventory must list exactly its warehouses ${assigned.join(",")}`);
        if (s.inventory.some((i) => !Number.isInteger(i.quantity) || i.quantity < 0)) return fail(res, TTS_CODES.invalidParam, "quantity must be a non-negative integer");
      }
      state.records.inventoryUpdates.push({ productId: product.id, body });
      for (const s of skus) for (const i of s.inventory) product.skus.find((x) => x.id === s.id)!.warehouses.set(i.warehouse_id, i.quantity);
      return ok(res, {});
    }
    if (method === "GET" && (m = /^\/logistics\/202309\/delivery_options\/(\d+)\/shipping_providers$/.exec(url.pathname))) {
      const providers = state.deliveryOptions.get(m[1]!);
      if (!providers) return fail(res, TTS_CODES.notFound, "delivery option not found");
      return ok(res, { shipping_providers: providers });
    }
    if (method === "POST" && (m = /^\/fulfillment\/202309\/orders\/(\d+)\/packages$/.exec(url.pathname))) {
      const order = state.orders.get(m[1]!);
      if (!order || order.shopId !== shop.id) return fail(res, TTS_CODES.notFound, "order not found");
      const { tracking_number, shipping_provider_id, order_line_item_ids } = body as { tracking_number?: string; shipping_provider_id?: string; order_line_item_ids?: string[] };
      if (!tracking_number || !shipping_provider_id) return fail(res, TTS_CODES.invalidParam, "tracking_number and shipping_provider_id are required");
      if (!state.deliveryOptions.get(order.delivery_option_id)?.some((p) => p.id === shipping_provider_id)) return fail(res, TTS_CODES.invalidParam, "shipping_provider_id is not valid for this order");
      const ids = order_line_item_ids?.length ? order_line_item_ids : order.line_items.filter((l) => !l.package_id).map((l) => l.id);
      const items = ids.map((id) => order.line_items.find((l) => l.id === id));
      if (items.some((l) => !l)) return fail(res, TTS_CODES.invalidParam, "order_line_item_ids do not belong to the order");
      if (items.some((l) => l!.package_id)) return fail(res, TTS_CODES.alreadyShipped, "line item already shipped");
      state.records.packages.push({ orderId: order.id, body });
      const packageId = bigId();
      for (const l of items) Object.assign(l!, { package_id: packageId, tracking_number, package_status: "SHIPPED", display_status: "IN_TRANSIT", shipping_provider_id });
      order.packages.push({ id: packageId });
      order.status = order.line_items.every((l) => l.package_id) ? "IN_TRANSIT" : "PARTIALLY_SHIPPING";
      order.update_time = Math.floor(now() / 1000);
      return ok(res, { order_id: order.id, package_id: packageId, order_line_item_ids: ids });
    }
    return fail(res, TTS_CODES.notFound, `no route for ${method} ${url.pathname}`);
  }

  const server = createServer((req, res) => {
    handle(req, res)
      .then((code) => state.records.requests.push({ method: req.method ?? "", path: (req.url ?? "").split("?")[0]!, status: res.statusCode, code }))
      .catch((error: unknown) => envelope(res, 500, 1, String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function buildWebhook(event: WebhookEvent, o: { secret?: string } = {}) {
    const body = JSON.stringify({ type: event.type, tts_notification_id: event.notificationId ?? bigId(), shop_id: event.shopId, timestamp: event.timestamp ?? Math.floor(now() / 1000), data: event.data });
    const signature = createHmac("sha256", o.secret ?? appSecret).update(appKey + body).digest("hex");
    return { headers: { "content-type": "application/json", authorization: signature }, body };
  }

  return {
    url,
    state,
    appKey,
    appSecret,
    buildWebhook,
    deliver: deliverInOrder,
    async sendWebhook(appUrl, event, o = {}) {
      const delivery = buildWebhook(event, o);
      const statuses: number[] = [];
      for (let i = 0; i < (o.times ?? 1); i++) statuses.push((await fetch(appUrl, { method: "POST", headers: delivery.headers, body: delivery.body })).status);
      return statuses;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
