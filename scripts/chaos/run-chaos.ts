/**
 * One chaos run: its own Postgres cluster and Redis server, the whole stack as real processes, N
 * orders across Shopify, Etsy and TikTok Shop (webhooks duplicated and out of order), faults on a
 * rotation while they flow, then a settle phase and the verdict from the outside.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { seededRandom } from "../../app/lib/seeded-random";
import { orderStream, type DemoOrder } from "../demo/order-stream";
import { startStack, type Stack } from "../stack/start-stack";
import { checkFromOutside, type PlacedWithUnits, type Verdict } from "./check-outside";
import { writeDiagnosis } from "./diagnose";
import { startFaultSchedule, type FaultKind } from "./fault-schedule";
import { startOwnPostgres, startOwnRedis } from "./own-services";

export interface ChaosOptions {
  orders: number;
  /** Orders placed per second. */
  rate: number;
  workers: number;
  /** A fault every this many ms while orders flow. */
  faultEveryMs: number;
  /** Share of orders whose webhook the platform delivers twice. */
  duplicateShare: number;
  /** Share of Shopify orders the merchant asks to cancel right after Corridor accepted them. */
  cancelShare: number;
  /** Orders are released in batches of this size, each batch's webhooks shuffled. */
  batch: number;
  timeScale: number;
  /** Longest wait after the last order for everything to settle. */
  settleTimeoutMs: number;
  seed: number;
  /** The stack's LOG_LEVEL: warn keeps a 10,000-order run's logs small; info tells a failure's story. */
  logLevel: string;
  logDir?: string;
  say?: (m: string) => void;
  /** Ctrl-C / SIGTERM: stop placing and settling, then tear everything down (the finally below). */
  signal?: AbortSignal;
}

// The defaults are the acceptance run's (docs/RELIABILITY.md). The 3PL clock runs an hour a second, so every
// parcel lives its whole life within the run (about ten warehouse webhooks each) and the rate is what this
// 2-core machine carries with every process and sandbox on it: 5/s kept up on session 3's faster day and
// fell behind in session 4; 3/s keeps up since session 5. A fault every 12 s makes about 280 faults in 10,000 orders.
export const DEFAULT_CHAOS: ChaosOptions = { orders: 10_000, rate: 3, workers: 2, faultEveryMs: 12_000, duplicateShare: 0.25, cancelShare: 0.05, batch: 6, timeScale: 3600, settleTimeoutMs: 600_000, seed: 9, logLevel: "warn", say: () => {} };

export interface ChaosReport {
  verdict: Verdict;
  faults: Record<FaultKind, number>;
  /** Processes that died without being killed by the schedule, and were restarted. */
  unexpectedExits: number;
  /** Platform webhook deliveries sent (copies included). */
  deliveries: number;
  durationMs: number;
  settleMs: number;
  logDir: string;
}

const unitsOf = (o: DemoOrder) => {
  const units: Record<string, number> = {};
  for (const l of o.lines) units[l.sku] = (units[l.sku] ?? 0) + l.quantity;
  return units;
};

export async function runChaos(input: Partial<ChaosOptions> = {}): Promise<ChaosReport> {
  const opts: ChaosOptions = { ...DEFAULT_CHAOS, ...input };
  const say = opts.say ?? (() => {});
  const started = Date.now();
  const logDir = opts.logDir ?? mkdtempSync(path.join(os.tmpdir(), "corridor-chaos-logs-"));
  const pg = await startOwnPostgres();
  const redis = await startOwnRedis();
  let stack: Stack | undefined;
  // Cleared in `finally` too: an interrupted run said "died on its own" of every process it stopped.
  let supervisor: NodeJS.Timeout | undefined;
  try {
    const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
    await admin.unsafe("CREATE DATABASE corridor_chaos");
    await admin.end();
    // The stack talks to its co-located Postgres over the server's Unix socket, as a one-machine deployment would.
    const databaseUrl = pg.socketUrl("corridor_chaos");
    // Plenty of stock for N orders: the run is about losing and doubling, not about running out.
    const factor = Math.max(1, Math.ceil(opts.orders / 300));
    stack = await startStack({
      databaseUrl,
      redisUrl: redis.url,
      timeScale: opts.timeScale,
      workerCount: opts.workers,
      logDir,
      say,
      env: { LOG_LEVEL: opts.logLevel },
      shopifyPlan: "enterprise",
      stockOverride: (_w, _sku, onHand) => onHand * factor,
    });
    const s = stack;
    say(`stack up: ${s.appUrl}, ${opts.workers} worker processes, Postgres ${pg.url}, Redis ${redis.url}; logs in ${logDir}`);

    // A supervisor, as production has one: a process that dies on its own is started again (and counted).
    let unexpectedExits = 0;
    const schedule = startFaultSchedule({ stack: s, postgres: pg, redis, everyMs: opts.faultEveryMs, seed: opts.seed, say });
    supervisor = setInterval(() => {
      for (const p of [s.web, ...s.workers]) {
        if (p.alive || schedule.downOnPurpose.has(p.name)) continue;
        unexpectedExits++;
        say(`${p.name} died on its own; restarting it`);
        p.restart();
      }
    }, 1000);

    // Shoppers: batches whose webhooks go out shuffled, a share of them twice.
    const random = seededRandom(opts.seed + 1);
    const next = orderStream(s.network.products, opts.seed, s.channels);
    const placed: PlacedWithUnits[] = [];
    const inFlight = new Set<Promise<void>>();
    let deliveries = 0;
    const batchEveryMs = (1000 * opts.batch) / opts.rate;
    for (let made = 0; made < opts.orders; ) {
      opts.signal?.throwIfAborted();
      const tick = Date.now();
      const batch = Array.from({ length: Math.min(opts.batch, opts.orders - made) }, () => {
        const order = next();
        const created = s.createOrder(order);
        const entry: PlacedWithUnits = { channel: created.channel, externalId: created.externalId, ...(created.displayName ? { displayName: created.displayName } : {}), units: unitsOf(order) };
        placed.push(entry);
        return { created, entry };
      });
      made += batch.length;
      for (const { created, entry } of batch.sort(() => random() - 0.5)) {
        const times = random() < opts.duplicateShare ? 2 : 1;
        const cancel = created.requestCancellation && random() < opts.cancelShare;
        deliveries += times;
        const p = created
          .notify(times)
          .then(async () => {
            // Right after acceptance, while its dispatch is likely in flight: the race worth proving.
            if (cancel && (await created.requestCancellation!(60_000))) entry.cancellationAnswer = created.cancellationAnswer!;
          })
          .catch((e: unknown) => say(`delivery of ${created.channel}:${created.externalId} failed: ${String(e)}`));
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
      }
      if (made % 500 < opts.batch) say(`${made}/${opts.orders} orders placed`);
      await new Promise((r) => setTimeout(r, Math.max(0, batchEveryMs - (Date.now() - tick))));
    }
    await Promise.all(inFlight);
    await schedule.stop();
    say(`all ${opts.orders} orders placed; faults: ${JSON.stringify(schedule.counts)}; settling…`);

    // Settle: until the outside view shows every order at its warehouse (or refused) and every parcel
    // on its storefront, stable for a few seconds, or the timeout.
    const settleStart = Date.now();
    let verdict = await checkFromOutside(s, placed);
    let stableSince = Date.now();
    let last = "";
    while (Date.now() - settleStart < opts.settleTimeoutMs) {
      opts.signal?.throwIfAborted();
      await new Promise((r) => setTimeout(r, 3000));
      verdict = await checkFromOutside(s, placed);
      const fingerprint = JSON.stringify([verdict.lost.length, verdict.short.length, verdict.missingStorefrontShipments.length, verdict.stockDiverged.length, verdict.shipments, verdict.warehouseOrders]);
      if (fingerprint !== last) {
        last = fingerprint;
        stableSince = Date.now();
        say(`settling: ${verdict.atWarehouse} at warehouse, ${verdict.lost.length} not yet, ${verdict.shipments} parcels, ${verdict.missingStorefrontShipments.length} not yet on storefronts, ${verdict.stockDiverged.length} stock differences`);
      }
      const done = verdict.lost.length === 0 && verdict.short.length === 0 && verdict.missingStorefrontShipments.length === 0 && verdict.stockDiverged.length === 0;
      if (done && Date.now() - stableSince > 5000) break;
      // Nothing moved for a long while: what is left will not settle by waiting.
      if (Date.now() - stableSince > Math.min(120_000, opts.settleTimeoutMs)) break;
    }
    clearInterval(supervisor);
    if (!verdict.ok) say(`diagnosis (Corridor's own view of each problem): ${await writeDiagnosis(s, verdict, logDir)}`);
    return { verdict, faults: schedule.counts, unexpectedExits, deliveries, durationMs: Date.now() - started, settleMs: Date.now() - settleStart, logDir };
  } finally {
    clearInterval(supervisor);
    await stack?.stop().catch((e: unknown) => say(`stack stop failed: ${String(e)}`));
    await redis.stop().catch(() => undefined);
    await pg.stop().catch(() => undefined);
  }
}

export function renderReport(r: ChaosReport): string {
  const v = r.verdict;
  const list = (xs: string[]) => (xs.length ? `\n    ${xs.slice(0, 10).join("\n    ")}${xs.length > 10 ? `\n    … ${xs.length - 10} more` : ""}` : "");
  return [
    `orders placed            ${v.placed} (shopify ${v.perChannel.shopify}, etsy ${v.perChannel.etsy}, tiktok ${v.perChannel.tiktok}); ${r.deliveries} platform webhook deliveries`,
    `faults                   ${Object.entries(r.faults).map(([k, n]) => `${k} ×${n}`).join(", ")}; ${r.unexpectedExits} unexpected process exits`,
    `at the warehouse         ${v.atWarehouse} orders with exactly their units (${v.warehouseOrders} warehouse orders, ${v.cancelledAtWarehouse} cancelled there)`,
    `cancellations            ${Object.entries(v.cancellations).map(([k, n]) => `${k} ×${n}`).join(", ") || "none"}; shipped after an accepted cancel: ${v.shippedAfterCancel.length}${list(v.shippedAfterCancel)}`,
    `refused by Corridor      ${Object.entries(v.refused).map(([k, n]) => `${k} ×${n}`).join(", ") || "none"}`,
    `lost                     ${v.lost.length}${list(v.lost)}`,
    `short                    ${v.short.length}${list(v.short)}`,
    `duplicate 3PL orders     ${v.duplicateWarehouseOrders.length}${list(v.duplicateWarehouseOrders)}`,
    `parcels shipped          ${v.shipments}`,
    `duplicate storefront shipments ${v.duplicateStorefrontShipments.length}${list(v.duplicateStorefrontShipments)}`,
    `missing storefront shipments   ${v.missingStorefrontShipments.length}${list(v.missingStorefrontShipments)}`,
    `stock                    ${v.stockChecked} SKU×storefront levels checked, ${v.stockDiverged.length} diverged${list(v.stockDiverged)}${v.stockSkipped.length ? `\n    not synced: ${v.stockSkipped.join("; ")}` : ""}`,
    `duration                 ${(r.durationMs / 1000).toFixed(0)} s (settling ${(r.settleMs / 1000).toFixed(0)} s); logs ${r.logDir}`,
    v.ok ? "VERDICT: nothing lost, nothing doubled, stock converged" : "VERDICT: FAILED",
  ].join("\n");
}
