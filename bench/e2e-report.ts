/**
 * The end-to-end benches (e2e at the target rate, e2e-sustained at what this machine carries): orders at a
 * sustained rate through the real processes, timed from the outside (bench/e2e-load.ts): webhook sent →
 * warehouse order created (p50 < 300 ms, p99 < 2 s) and warehouse shipment → tracking on the Shopify
 * order (p95 < 10 s). `--rate` overrides the bench's rate; `--duration` (default 300 s; 20 s quick).
 */
import { percentile, type Bench, type BenchResult } from "./harness";
import type { ChannelName } from "../scripts/stack/storefronts";
import { cpus } from "node:os";
import { e2eLoad, type E2eLoadResult } from "./e2e-load";
import { floorLoad, type FloorResult } from "./floor-load";

const round = (x: number) => Math.round(x * 10) / 10;

/** The target rate of the acceptance criterion. */
export const TARGET_RATE = 50;

export const loadOptions = (options: { rate?: number; duration?: number; channels?: string[] }, scale: number, defaultRate = TARGET_RATE) => {
  const seconds = options.duration ?? (scale < 1 ? 20 : 300);
  return { rate: options.rate ?? defaultRate, seconds, drainSeconds: Math.max(30, Math.round(seconds / 5)), channels: options.channels as ChannelName[] | undefined };
};

/**
 * Where the machine's cores went, per order handled: each process's CPU over the run. Their sum against
 * the cores' budget (1,000 ms per core per second) says what rate this machine can carry at all; the
 * floor (bench/floor-load.ts: the same traffic per order, with nothing but a commit, a job and the API
 * calls per delivery, at the target rate, right after) says how much of that cost any implementation
 * on this stack would pay.
 */
function cpuPerOrder(r: E2eLoadResult, floor: FloorResult): BenchResult[] {
  // Per order that reached a warehouse: behind schedule, the CPU went on those (and part of the rest).
  const handled = Math.max(1, r.placed - r.missing);
  const perOrder = (seconds: number, orders = handled) => round((seconds * 1000) / orders);
  const sum = (parts: Record<string, number>) => Object.values(parts).reduce((a, b) => a + b, 0);
  const budget = cpus().length * 1000;
  // The floor's orders are those whose deliveries it processed (all of them, when it keeps up).
  const floorOrders = Math.max(1, floor.orders * (floor.processed / floor.deliveries));
  const floorPerOrder = perOrder(sum(floor.cpuSeconds), floorOrders);
  const perPlaced = (n: number) => round(n / r.placed);
  return [
    { metric: "traffic per order: deliveries received", value: perPlaced(r.traffic.deliveries), unit: "webhooks", goal: "informational: storefront and 3PL webhooks, per order placed" },
    { metric: "traffic per order: API calls made", value: perPlaced(r.traffic.apiCalls), unit: "calls", goal: "informational: Shopify, Etsy, TikTok and 3PL calls, per order placed" },
    ...Object.entries(r.cpuSeconds).map(([part, seconds]) => ({ metric: `CPU per order: ${part}`, value: perOrder(seconds), unit: "ms" })),
    {
      metric: "CPU per order: everything", value: perOrder(sum(r.cpuSeconds)), unit: "ms", baseline: floorPerOrder, baselineLabel: "the floor: same traffic, bare commit + job + API calls per delivery",
      goal: `informational: ${TARGET_RATE}/s on ${cpus().length} cores leaves ${budget / TARGET_RATE} ms`,
    },
    { metric: "orders/s the machine's cores could carry at that cost", value: round(budget / perOrder(sum(r.cpuSeconds))), unit: "orders/s", baseline: round(budget / floorPerOrder), baselineLabel: "the floor's" },
    ...Object.entries(floor.cpuSeconds).map(([part, seconds]) => ({ metric: `floor CPU per order: ${part}`, value: perOrder(seconds, floorOrders), unit: "ms" })),
    {
      metric: `floor at ${TARGET_RATE} orders/s: deliveries processed while sending`, value: floor.processedWhileSending, unit: "deliveries", baseline: floor.deliveries, baselineLabel: "sent",
      goal: "informational: below 1.0, the bare stack cannot keep up on this machine either",
    },
  ];
}

export const e2eBench = (name: string, description: string, defaultRate: number): Bench => ({
  name,
  description,
  async run({ progress, scale, options }) {
    const o = loadOptions(options, scale, defaultRate);
    const r = await e2eLoad({ ...o, progress });
    const floor = await floorLoad({
      rate: TARGET_RATE, seconds: Math.min(o.seconds, 60), progress,
      deliveriesPerOrder: r.traffic.deliveries / r.placed, apiCallsPerOrder: r.traffic.apiCalls / r.placed,
    });
    const rt = r.baseline.webhookRoundTrip;
    const wc = r.baseline.warehouseCreate;
    const p = (xs: number[], q: number) => round(percentile(xs, q));
    const intake = r.intakeToWarehouse;
    const ship = r.shipmentToStorefront;
    const results: BenchResult[] = [
      { metric: "orders placed", value: r.placed, unit: "orders", goal: `${o.rate}/s for ${o.seconds} s (${Object.entries(r.byChannel).map(([c, n]) => `${c} ${n}`).join(", ")})` },
      { metric: "sending took", value: round(r.sendSeconds), unit: "s", baseline: o.seconds, baselineLabel: "scheduled", goal: "on schedule (the load generator kept up)", met: r.sendSeconds <= o.seconds * 1.05 },
      { metric: "orders that reached no warehouse", value: r.missing, unit: "orders", goal: "0", met: r.missing === 0 },
      { metric: "webhook → warehouse order p50", value: p(intake, 50), unit: "ms", baseline: round(p(rt, 50) + p(wc, 50)), baselineLabel: "signed webhook to /healthz + direct 3PL create, p50 each", goal: "p50 < 300 ms", met: percentile(intake, 50) < 300 },
      { metric: "webhook → warehouse order p95", value: p(intake, 95), unit: "ms" },
      ...Object.entries(r.intakeByChannel).map(([channel, xs]) => ({ metric: `webhook → warehouse order p50, ${channel}`, value: p(xs, 50), unit: "ms" })),
      { metric: "webhook → warehouse order p99", value: p(intake, 99), unit: "ms", baseline: round(p(rt, 99) + p(wc, 99)), baselineLabel: "same, p99 each", goal: "p99 < 2 s", met: percentile(intake, 99) < 2000 },
      { metric: "shipment → tracking on Shopify p50", value: p(ship, 50), unit: "ms", baseline: p(rt, 50), baselineLabel: "signed webhook to /healthz p50" },
      { metric: "shipment → tracking on Shopify p95", value: p(ship, 95), unit: "ms", baseline: p(rt, 95), baselineLabel: "signed webhook to /healthz p95", goal: "p95 < 10 s", met: percentile(ship, 95) < 10_000 },
      { metric: "Shopify shipments showing tracking", value: ship.length, unit: "shipments", baseline: r.shippedShopify, baselineLabel: "shipped by the 3PL" },
      { metric: "orders at a warehouse per second while sending", value: round(r.atWarehouseWhileSending / r.sendSeconds), unit: "orders/s", baseline: o.rate, baselineLabel: "sent per second" },
      ...cpuPerOrder(r, floor),
      { metric: "baseline: signed webhook → /healthz p50", value: p(rt, 50), unit: "ms" },
      { metric: "baseline: direct 3PL create p50", value: p(wc, 50), unit: "ms" },
    ];
    return results;
  },
});
