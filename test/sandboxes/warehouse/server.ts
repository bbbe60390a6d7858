/**
 * The sandbox 3PL's HTTP face (docs/sandbox-3pl.md): REST JSON under /v1 with API-key auth, a
 * control API under /_control for tests and the chaos run, and fault injection in front of /v1.
 * Startable in-process (`startWarehouseSandbox`) or as its own process (main.ts).
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { SimClock, type ClockOptions } from "./clock";
import { Faults, type FaultConfig } from "./faults";
import { orderToWire, type SandboxRecords, type Tenant } from "./state";
import { DEFAULT_RETRY, WebhookSender, type WebhookRetryPolicy } from "./webhooks";
import { SandboxWorld, type WorldOptions } from "./world";

export const DEFAULT_WAREHOUSES = ["VN-HCM", "US-RNO", "GB-MAN", "JP-TYO", "AU-SYD"];

export interface WarehouseSandboxOptions extends Omit<WorldOptions, "tenants" | "warehouses"> {
  port?: number;
  host?: string;
  warehouses?: string[];
  /** Accounts; a missing webhookSecret is generated. Default: one tenant "demo". */
  tenants?: (Omit<Tenant, "webhookSecret"> & { webhookSecret?: string })[];
  clock?: ClockOptions;
  faults?: Partial<FaultConfig>;
  /** Seed of the fault dice. */
  seed?: number;
  webhookRetry?: Partial<WebhookRetryPolicy>;
  /** Answer creates with 200 and an empty body, as Amazon MCF does. */
  emptyCreateResponse?: boolean;
  /** Most orders per page of GET /v1/orders. */
  pageSize?: number;
}

export interface WarehouseSandbox {
  url: string;
  records: SandboxRecords;
  tenants: readonly Tenant[];
  clock: SimClock;
  faults: Faults;
  world: SandboxWorld;
  /** Manual clock: run every step due in the next `simMs`. */
  advance(simMs: number): void;
  /** Every queued webhook delivered or given up. */
  webhooksSettled(): Promise<void>;
  setWebhookUrl(url: string | undefined, tenantName?: string): void;
  /** Warehouse orders created per client reference (the "exactly one" check). */
  ordersPerReference(): Map<string, number>;
  close(): Promise<void>;
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

const json = (status: number, body: unknown, headers?: Record<string, string>): Answer => ({ status, body, headers });
const error = (status: number, code: string, message: string, field?: string, extra?: Record<string, unknown>): Answer =>
  json(status, { error: field ? { code, message, field } : { code, message }, ...extra });

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export const newWebhookSecret = (): string => `whsec_${randomBytes(24).toString("base64")}`;

export async function startWarehouseSandbox(options: WarehouseSandboxOptions = {}): Promise<WarehouseSandbox> {
  const records: SandboxRecords = { orders: [], webhooks: [], requests: [] };
  const tenants: Tenant[] = (options.tenants ?? [{ name: "demo", apiKey: "sandbox-demo-key" }]).map((t) => ({ ...t, webhookSecret: t.webhookSecret ?? newWebhookSecret() }));
  const clock = new SimClock(options.clock ?? { mode: "real", timeScale: 1 });
  const faults = new Faults(options.faults, options.seed ?? 1);
  const sender = new WebhookSender(records, faults, { ...DEFAULT_RETRY, ...options.webhookRetry });
  const world = new SandboxWorld({ ...options, warehouses: options.warehouses ?? DEFAULT_WAREHOUSES, tenants }, clock, sender, records);
  const pageSize = options.pageSize ?? 100;
  const held = new Set<ServerResponse>();

  function api(method: string, url: URL, tenant: Tenant, body: unknown, correlationId?: string): Answer {
    const path = url.pathname;
    if (method === "GET" && path === "/v1/ping") return json(200, { ok: true, tenant: tenant.name, warehouses: world.warehouses });
    if (method === "POST" && path === "/v1/orders") {
      const result = world.createOrder(tenant, body, correlationId);
      switch (result.kind) {
        case "invalid":
          return error(422, result.code, result.message, result.field);
        case "conflict":
          return error(409, "IDEMPOTENCY_CONFLICT", `reference ${result.order.reference} was used for a different order (${result.order.id})`, "reference");
        case "replayed":
          return options.emptyCreateResponse ? { status: 200, body: "" } : json(200, orderToWire(result.order), { "idempotent-replayed": "true" });
        case "created":
          return options.emptyCreateResponse ? { status: 200, body: "" } : json(201, orderToWire(result.order));
      }
    }
    if (method === "GET" && path === "/v1/orders") {
      const all = world.listOrders(tenant, { since: url.searchParams.get("updated_since") ?? undefined, warehouse: url.searchParams.get("warehouse") ?? undefined });
      const offset = Number(url.searchParams.get("cursor") ?? "0") || 0;
      const page = all.slice(offset, offset + pageSize);
      const next = offset + pageSize < all.length ? String(offset + pageSize) : null;
      return json(200, { orders: page.map(orderToWire), next_cursor: next });
    }
    const orderMatch = /^\/v1\/orders\/([^/]+)(\/cancel)?$/.exec(path);
    if (orderMatch) {
      const reference = decodeURIComponent(orderMatch[1]!);
      if (method === "GET" && !orderMatch[2]) {
        const order = world.getOrder(tenant, reference);
        return order ? json(200, orderToWire(order)) : error(404, "NOT_FOUND", `no order with reference ${reference}`);
      }
      if (method === "POST" && orderMatch[2]) {
        const result = world.cancelOrder(tenant, reference);
        if (result.kind === "not_found") return error(404, "NOT_FOUND", `no order with reference ${reference}`);
        if (result.kind === "too_late") return error(409, "ALREADY_SHIPPED", `order ${result.order.id} left the warehouse`, undefined, { status: result.order.status });
        return json(200, { order: orderToWire(result.order), already_cancelled: result.already });
      }
    }
    if (method === "GET" && path === "/v1/stock") {
      const warehouse = url.searchParams.get("warehouse") ?? "";
      if (!world.warehouses.includes(warehouse.toUpperCase())) return error(422, "UNKNOWN_WAREHOUSE", `no warehouse ${warehouse}`, "warehouse");
      const skus = url.searchParams.getAll("sku");
      if (skus.length > 100) return error(422, "VALIDATION", "at most 100 sku per call", "sku");
      return json(200, world.stockLevels(tenant, warehouse, skus));
    }
    return error(404, "NO_ROUTE", `${method} ${path}`);
  }

  function control(method: string, url: URL, body: unknown): Answer {
    const b = (body ?? {}) as Record<string, unknown>;
    const tenantOf = () => tenants.find((t) => t.name === b.tenant) ?? tenants[0]!;
    if (method === "GET" && url.pathname === "/_control/records") return json(200, records);
    if (method === "POST" && url.pathname === "/_control/faults") {
      if (b.reset === true) faults.reset();
      faults.update(b as Partial<FaultConfig>);
      return json(200, faults.config);
    }
    if (method === "POST" && url.pathname === "/_control/clock/advance") {
      if (clock.mode !== "manual") return error(409, "CLOCK_NOT_MANUAL", "start the sandbox with a manual clock to advance it");
      clock.advance(Number(b.ms ?? 0));
      return json(200, { now: clock.now().toISOString() });
    }
    if (method === "POST" && url.pathname === "/_control/stock") {
      world.setStock(tenantOf(), String(b.warehouse), String(b.sku), Number(b.on_hand));
      return json(200, world.stockLevels(tenantOf(), String(b.warehouse), [String(b.sku)]));
    }
    if (method === "POST" && url.pathname === "/_control/webhook-url") {
      tenantOf().webhookUrl = typeof b.url === "string" && b.url ? b.url : undefined;
      return json(200, { tenant: tenantOf().name, url: tenantOf().webhookUrl ?? null });
    }
    return error(404, "NO_ROUTE", `${method} ${url.pathname}`);
  }

  function send(res: ServerResponse, answer: Answer, correlationId?: string): void {
    const headers: Record<string, string> = { ...answer.headers };
    if (correlationId) headers["x-correlation-id"] = correlationId;
    if (answer.body === "" || answer.body === undefined) {
      res.writeHead(answer.status, headers).end();
      return;
    }
    res.writeHead(answer.status, { "content-type": "application/json", ...headers }).end(JSON.stringify(answer.body));
  }

  /** Holds the call open, as a stuck partner does, then drops the socket. */
  function hang(res: ServerResponse): void {
    held.add(res);
    const timer = setTimeout(() => {
      held.delete(res);
      res.socket?.destroy();
    }, faults.config.hangMs);
    timer.unref?.();
    res.on("close", () => {
      clearTimeout(timer);
      held.delete(res);
    });
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://sandbox");
      const method = req.method ?? "GET";
      const correlationId = (req.headers["x-correlation-id"] as string | undefined) || undefined;
      const text = await readBody(req);
      let body: unknown;
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          send(res, error(400, "INVALID_JSON", "body is not JSON"), correlationId);
          return;
        }
      }
      if (url.pathname.startsWith("/_control/")) {
        send(res, control(method, url, body));
        return;
      }
      const tenant = world.tenantByKey(req.headers["x-api-key"] as string | undefined);
      const pathReference = /^\/v1\/orders\/([^/]+)/.exec(url.pathname)?.[1];
      const bodyReference = (body as { reference?: unknown } | undefined)?.reference;
      const reference = pathReference ? decodeURIComponent(pathReference) : typeof bodyReference === "string" ? bodyReference : undefined;
      const record: Omit<SandboxRecords["requests"][number], "status"> = { method, path: url.pathname, at: new Date().toISOString(), tenant: tenant?.name, correlationId, ...(reference ? { reference } : {}) };
      if (!tenant) {
        records.requests.push({ ...record, status: 401 });
        send(res, error(401, "UNAUTHORIZED", "missing or unknown x-api-key"), correlationId);
        return;
      }
      const fault = faults.forRequest(method, url.pathname);
      if (fault?.kind === "5xx") {
        records.requests.push({ ...record, status: fault.status ?? 503, fault: "5xx" });
        send(res, error(fault.status ?? 503, "UNAVAILABLE", "the warehouse system is temporarily unavailable"), correlationId);
        return;
      }
      if (fault?.kind === "429") {
        const seconds = fault.retryAfterSeconds ?? faults.config.retryAfterSeconds;
        records.requests.push({ ...record, status: 429, fault: "429" });
        const throttled = error(429, "RATE_LIMITED", `rate limit exceeded, retry in ${seconds} s`);
        send(res, { ...throttled, headers: { "retry-after": String(seconds) } }, correlationId);
        return;
      }
      if (fault?.kind === "timeout") {
        records.requests.push({ ...record, status: 0, fault: "timeout" });
        hang(res);
        return;
      }
      if (fault?.kind === "delay") await new Promise((resolve) => setTimeout(resolve, fault.ms));
      const answer = api(method, url, tenant, body, correlationId);
      if (fault?.kind === "timeout_after_commit") {
        records.requests.push({ ...record, status: 0, fault: "timeout_after_commit" });
        hang(res);
        return;
      }
      records.requests.push({ ...record, status: answer.status });
      if (fault?.kind === "slow_answer") await new Promise((resolve) => setTimeout(resolve, fault.ms));
      send(res, answer, correlationId);
    })().catch((err: unknown) => {
      if (!res.headersSent) send(res, error(500, "INTERNAL", err instanceof Error ? err.message : String(err)));
    });
  });

  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? "127.0.0.1"}:${port}`;

  return {
    url,
    records,
    tenants,
    clock,
    faults,
    world,
    advance: (ms) => clock.advance(ms),
    webhooksSettled: () => sender.settled(),
    setWebhookUrl(target, tenantName) {
      const t = tenantName ? tenants.find((x) => x.name === tenantName) : tenants[0];
      if (!t) throw new Error(`no tenant ${tenantName}`);
      t.webhookUrl = target;
    },
    ordersPerReference() {
      const counts = new Map<string, number>();
      for (const o of records.orders) counts.set(`${o.tenant}/${o.reference}`, (counts.get(`${o.tenant}/${o.reference}`) ?? 0) + 1);
      return counts;
    },
    async close() {
      clock.close();
      sender.close();
      for (const res of held) res.socket?.destroy();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
