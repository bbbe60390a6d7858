/**
 * The end-to-end load the e2e and memory benches share (run once per `npm run bench`): the whole stack
 * as real processes (scripts/stack: web, worker, Shopify/Etsy/TikTok sandboxes, sandbox 3PL), shoppers
 * ordering at a fixed rate for a fixed time, and everything timed from the OUTSIDE, by the sandboxes:
 *
 * - intake → warehouse: the storefront sends the order's webhook (our clock at send) → the 3PL records
 *   the order (its clock; simulated, mapped back to real time — the mapping is linear and exact);
 * - shipment → storefront: the 3PL sends its order.shipped webhook (first attempt) → the Shopify
 *   sandbox records the fulfillment with its tracking number.
 *
 * Meanwhile the RSS of the web and worker processes is sampled from /proc every second.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { createSandboxClient } from "../app/warehouses/sandbox/client";
import { orderStream } from "../scripts/demo/order-stream";
import { ensureProcessBundles } from "../scripts/stack/process-entry";
import { startStack, type Stack } from "../scripts/stack/start-stack";
import type { ChannelName } from "../scripts/stack/storefronts";
import { dbUrl, socketDbUrl, TEST_PG_ADMIN_URL, TEST_REDIS_URL } from "../test/helpers/services";
import { cpuBetween, cpuByPart } from "./cpu";

export interface E2eLoadOptions {
  rate: number;
  seconds: number;
  /** How long to wait after the last order for the stragglers. */
  drainSeconds: number;
  /** Storefronts the orders come from (default: all three). */
  channels?: ChannelName[];
  progress(message: string): void;
}

export interface MemorySample {
  at: number;
  rssMiB: number;
  hwmMiB: number;
}

export interface E2eLoadResult {
  placed: number;
  byChannel: Record<string, number>;
  /** Webhook sent → warehouse order created, ms, per order that reached a warehouse. */
  intakeToWarehouse: number[];
  /** The same, per storefront (Shopify's path has the fulfillment-request handshake; Etsy's a receipt fetch). */
  intakeByChannel: Record<string, number[]>;
  /** Warehouse order.shipped sent → Shopify fulfillment with tracking, ms, per Shopify order shipped. */
  shipmentToStorefront: number[];
  shippedShopify: number;
  /** Per process name: RSS samples during the load, and the RSS at rest before it. */
  memory: Record<string, { idleMiB: number; samples: MemorySample[] }>;
  /** Orders placed minus those a warehouse received by the end of the drain. */
  missing: number;
  /** Time the load actually spent sending (behind schedule shows here). */
  sendSeconds: number;
  /** CPU seconds each part of the system used from the first order to the end of the drain. */
  cpuSeconds: Record<string, number>;
  /** Warehouse orders created by the time the last order was sent (throughput under the load). */
  atWarehouseWhileSending: number;
  /** Traffic from the first order to the end of the drain: deliveries Corridor received, API calls it made. */
  traffic: { deliveries: number; apiCalls: number };
  /** Same-run baselines at rest: a signed webhook's round trip to /healthz, a direct 3PL create. */
  baseline: { webhookRoundTrip: number[]; warehouseCreate: number[] };
}

const root = path.resolve(import.meta.dirname, "..");
/** Warehouses pick, pack and ship within seconds of real time. */
const TIME_SCALE = 3600;

export function readMemory(pid: number): { rssMiB: number; hwmMiB: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    return { rssMiB: kb("VmRSS") / 1024, hwmMiB: kb("VmHWM") / 1024 };
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The sandboxes (Shopify, Etsy, TikTok, 3PL) and the load generator run in this process. */
const SELF = "sandboxes + load generator";

const runs = new Map<string, Promise<E2eLoadResult>>();

/** Runs the load once per (rate, seconds, channels) in this process; the memory bench reuses the e2e bench's run. */
export function e2eLoad(opts: E2eLoadOptions): Promise<E2eLoadResult> {
  const key = `${opts.rate}/${opts.seconds}/${opts.channels?.join(",") ?? "all"}`;
  let run = runs.get(key);
  if (!run) runs.set(key, (run = runLoad(opts)));
  return run;
}

async function runLoad(opts: E2eLoadOptions): Promise<E2eLoadResult> {
  const database = `corridor_bench_e2e_${process.pid}_${Date.now() % 100_000}`;
  const admin = postgres(TEST_PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${database}"`);
  let stack: Stack | undefined;
  try {
    // The processes run as production runs them: bundled, with plain node (npm run build).
    ensureProcessBundles(opts.progress);
    opts.progress("starting the stack (web, worker, Shopify/Etsy/TikTok sandboxes, sandbox 3PL)…");
    stack = await startStack({
      databaseUrl: socketDbUrl(database),
      redisUrl: TEST_REDIS_URL,
      timeScale: TIME_SCALE,
      ...(opts.channels ? { channels: opts.channels } : {}),
      logDir: path.join(root, ".data", "bench-logs"),
      // A shop taking 50 orders a second is on Plus: 1,000 Admin API points/s, not the standard 100.
      shopifyPlan: "plus",
      stockOverride: () => 1_000_000,
      env: { LOG_LEVEL: "warn" },
      say: opts.progress,
    });
    const s = stack;
    // Which shape ran (a source edit between bundling and spawning falls back to tsx): said, not guessed.
    opts.progress(`processes: ${[s.web, ...s.workers].map((p) => `${p.name} ${p.child.spawnargs.slice(1).join(" ")}`).join(", ")}`);
    const pids = () => Object.fromEntries([s.web, ...s.workers].map((p) => [p.name, p.child.pid!]));
    // At rest: the processes booted, connected and idle (the baseline for their RSS under load).
    await sleep(3000);
    const memory: E2eLoadResult["memory"] = {};
    for (const [name, pid] of Object.entries(pids())) memory[name] = { idleMiB: readMemory(pid)?.rssMiB ?? NaN, samples: [] };
    const sampler = setInterval(() => {
      for (const [name, pid] of Object.entries(pids())) {
        const m = readMemory(pid);
        if (m) memory[name]!.samples.push({ at: Date.now(), ...m });
      }
    }, 1000);

    const baseline = await measureBaselines(s);

    // The warehouse's clock runs TIME_SCALE× faster; one pair of readings maps it back to ours.
    const simAt0 = s.warehouse.clock.now().getTime();
    const realAt0 = Date.now();
    const toReal = (simIso: string) => realAt0 + (Date.parse(simIso) - simAt0) / TIME_SCALE;

    const nextOrder = orderStream(s.network.products, 2026, s.channels);
    const total = Math.round(opts.rate * opts.seconds);
    const sent = new Map<string, { channel: string; at: number }>();
    const byChannel: Record<string, number> = {};
    opts.progress(`${total} orders at ${opts.rate}/s for ${opts.seconds} s…`);
    const sql = postgres(dbUrl(database), { max: 1, onnotice: () => {} });
    const traffic = async () => ({ deliveries: Number((await sql<{ n: string }[]>`SELECT count(*) AS n FROM webhook_inbox`)[0]!.n), apiCalls: apiCallsMade(s) });
    const trafficBefore = await traffic();
    const cpuBefore = cpuByPart(pids(), SELF);
    const start = performance.now();
    const notifying: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / opts.rate;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const created = s.createOrder(nextOrder());
      sent.set(`${created.channel}:${created.externalId}`, { channel: created.channel, at: Date.now() });
      byChannel[created.channel] = (byChannel[created.channel] ?? 0) + 1;
      notifying.push(created.notify().catch((e: unknown) => opts.progress(`order ${created.externalId}: ${String(e)}`)));
      if (i > 0 && i % Math.round(opts.rate * 10) === 0) opts.progress(`${i} sent, ${s.warehouse.records.orders.length} at warehouses`);
    }
    const sendSeconds = (performance.now() - start) / 1000;
    const atWarehouseWhileSending = s.warehouse.records.orders.length;

    // Drain: until every order reached a warehouse and shipped orders show tracking, or time is up.
    const end = Date.now() + opts.drainSeconds * 1000;
    while (Date.now() < end && s.warehouse.records.orders.length < total) await sleep(500);
    await Promise.allSettled(notifying);
    await sleep(Math.min(10_000, Math.max(0, end - Date.now())));
    clearInterval(sampler);
    const cpuSeconds = cpuBetween(cpuBefore, cpuByPart(pids(), SELF));
    const trafficAfter = await traffic();

    const refs = await sql<{ reference: string; channel: string; external_id: string }[]>`
      SELECT a.client_reference AS reference, o.channel, o.external_id FROM allocations a JOIN orders o ON o.id = a.order_id`;
    await sql.end();
    const orderOf = new Map(refs.map((r) => [r.reference, `${r.channel}:${r.external_id}`]));

    const firstAtWarehouse = new Map<string, number>();
    for (const o of s.warehouse.records.orders) {
      const key = orderOf.get(o.reference);
      if (!key) continue;
      const at = toReal(o.createdAt);
      if (!firstAtWarehouse.has(key) || at < firstAtWarehouse.get(key)!) firstAtWarehouse.set(key, at);
    }
    const intakeToWarehouse: number[] = [];
    const intakeByChannel: Record<string, number[]> = {};
    for (const [key, at] of firstAtWarehouse) {
      const send = sent.get(key);
      if (send) {
        intakeToWarehouse.push(at - send.at);
        (intakeByChannel[send.channel] ??= []).push(at - send.at);
      }
    }

    const shippedAt = new Map<string, number>();
    for (const w of s.warehouse.records.webhooks) {
      if (w.topic !== "order.shipped" || w.attempt !== 1 || w.duplicate || !w.reference) continue;
      const key = orderOf.get(w.reference);
      if (key?.startsWith("shopify:") && !shippedAt.has(key)) shippedAt.set(key, Date.parse(w.sentAt));
    }
    const fulfilledAt = new Map<string, number>();
    for (const f of s.shopify.shop.fulfillments.values()) {
      if (!f.trackingInfo.some((t) => t.number)) continue;
      const key = `shopify:${f.orderId}`;
      const at = Date.parse(f.createdAt);
      if (!fulfilledAt.has(key) || at < fulfilledAt.get(key)!) fulfilledAt.set(key, at);
    }
    const shipmentToStorefront: number[] = [];
    for (const [key, at] of shippedAt) {
      const f = fulfilledAt.get(key);
      if (f !== undefined) shipmentToStorefront.push(f - at);
    }
    // What the shop's Admin API budget went on (each Shopify order spends from one bucket).
    const byOperation = new Map<string, { calls: number; throttled: number; requested: number }>();
    for (const e of s.shopify.sandbox.log) {
      const o = byOperation.get(e.operationName ?? "?") ?? { calls: 0, throttled: 0, requested: 0 };
      o.calls++;
      if (e.throttled) o.throttled++;
      o.requested += e.requestedCost;
      byOperation.set(e.operationName ?? "?", o);
    }
    opts.progress(`Shopify Admin API: ${[...byOperation].map(([op, o]) => `${op} ${o.calls}× (${o.throttled} throttled, ${o.requested} points requested)`).join("; ")}`);
    opts.progress(`${firstAtWarehouse.size}/${total} orders reached a warehouse; ${shipmentToStorefront.length}/${shippedAt.size} Shopify shipments show tracking`);
    return {
      placed: total,
      byChannel,
      intakeToWarehouse,
      intakeByChannel,
      shipmentToStorefront,
      shippedShopify: shippedAt.size,
      memory,
      missing: total - firstAtWarehouse.size,
      sendSeconds,
      baseline,
      cpuSeconds,
      atWarehouseWhileSending,
      traffic: { deliveries: trafficAfter.deliveries - trafficBefore.deliveries, apiCalls: trafficAfter.apiCalls - trafficBefore.apiCalls },
    };
  } finally {
    await stack?.stop();
    // BENCH_E2E_KEEP_DB=1 keeps the database for a post-mortem (order_events, webhook_inbox timings).
    if (process.env.BENCH_E2E_KEEP_DB === "1") opts.progress(`kept database ${database}`);
    else await admin.unsafe(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  }
}

/** Calls Corridor made to the platforms' and the 3PL's APIs, as their sandboxes recorded them. */
function apiCallsMade(s: Stack): number {
  const { etsy, tiktok } = s.marketplaces;
  return s.shopify.sandbox.log.length + (etsy?.sandbox.state.records.requests.length ?? 0) + (tiktok?.sandbox.state.records.requests.length ?? 0) + s.warehouse.records.requests.length;
}

/**
 * What the path costs without Corridor, on the same machine at the same moment: the HTTP round trip
 * of a signed order webhook to the web process's /healthz (no work behind it), and a 3PL create-order
 * call made directly (the one external call on the intake → warehouse path).
 */
async function measureBaselines(s: Stack): Promise<E2eLoadResult["baseline"]> {
  const body = JSON.stringify({ id: 1, line_items: [{ sku: s.network.products[0]!.sku, quantity: 1 }], note: "x".repeat(1500) });
  const webhookRoundTrip: number[] = [];
  for (let i = 0; i < 40; i++) {
    const t = performance.now();
    await fetch(`${s.appUrl}/healthz`, { method: "POST", headers: { "content-type": "application/json", "x-shopify-topic": "orders/create", "x-shopify-hmac-sha256": "bench" }, body }).then((r) => r.arrayBuffer());
    webhookRoundTrip.push(performance.now() - t);
  }
  const client = createSandboxClient({ baseUrl: s.warehouse.url, apiKey: "demo-3pl-key" });
  const warehouseCreate: number[] = [];
  const code = s.network.warehouses[0]!.code;
  for (let i = 0; i < 40; i++) {
    const reference = `bench-baseline-${process.pid}-${i}`;
    const t = performance.now();
    await client.call({
      operation: "submitOrder", method: "POST", path: "/v1/orders", idempotencyKey: reference,
      body: { reference, warehouse: code, display_id: `#B${i}`, ordered_at: new Date().toISOString(), service: "standard", ship_to: { country_code: "US", city: "Reno" }, lines: [{ line_ref: "1", sku: s.network.products[0]!.sku, quantity: 1 }] },
    });
    warehouseCreate.push(performance.now() - t);
  }
  return { webhookRoundTrip, warehouseCreate };
}
