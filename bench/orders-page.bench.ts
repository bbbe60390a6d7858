/**
 * orders-page: the merchant admin with 100,000 orders in the shop (and 90,000 of other shops beside
 * them). Real HTTP GETs of the real Remix routes through Corridor's production web process
 * (NODE_ENV=production, authenticated as inside Shopify admin: a session token for a shop whose offline
 * session is stored), for every filter of the orders list, deep keyset pages, an order's page and
 * Home. Baseline: /healthz on the same server and connection (the HTTP stack's own cost).
 * The list queries' plans (EXPLAIN ANALYZE, BUFFERS) go into docs/BENCHMARKS.md.
 */
import http from "node:http";
import { randomBytes } from "node:crypto";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { migrateDatabase } from "../app/db/migrate.server";
import * as schema from "../app/db/schema";
import { encodeCursor, getOrderDetail, listOrders, orderFilterOptions, type OrderFilters } from "../app/db/queries/orders.server";
import { onTimeRate, ordersPerDayByWarehouse, stageCounts, stockAlerts } from "../app/db/queries/home.server";
import { freePort } from "../app/dev/local-services.server";
import { mintAdminSessionToken } from "../test/sandboxes/shopify/tokens";
import { seedAdminShop } from "../test/integration/admin/seed-admin";
import { dbUrl, TEST_PG_ADMIN_URL, TEST_REDIS_URL } from "../test/helpers/services";
import { deleteKeysMatching } from "../app/lib/redis-keys";
import { redisConnection } from "../app/queues/queues.server";
import { percentile, type Bench, type BenchResult } from "./harness";
import { benchEncryptionKeys, ensureAdminBuild, startChild, stopChild } from "./processes";
import { seedOrders } from "./fixtures/seed-orders";

const APP = { apiKey: "bench-orders", apiSecret: "bench-orders-secret-0123456789" };
const SCOPES = "read_orders,write_fulfillments,read_inventory,write_inventory";
const SHOP = "bench-orders.myshopify.com";
const NOISE = ["noise-a.myshopify.com", "noise-b.myshopify.com", "noise-c.myshopify.com"];
const ORDERS = 100_000;
const NOISE_ORDERS = 30_000;
const GOAL_MS = 300;

interface Scenario {
  name: string;
  path: string;
  /** Text the answer must contain, so a redirect or an empty page is never timed as a success. */
  expect: string;
  /** The list filters behind the path, for EXPLAIN. */
  filters?: OrderFilters;
  list?: boolean;
}

function get(agent: http.Agent, port: number, path: string, token: string): Promise<{ status: number; body: string; ms: number }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path, agent, headers: { authorization: `Bearer ${token}`, "accept-language": "en" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - start }));
    });
    req.on("error", reject);
  });
}

const round = (x: number) => Math.round(x * 10) / 10;

const bench: Bench = {
  name: "orders-page",
  description: "admin pages with 100,000 orders: every orders-list filter, deep pages, an order, Home vs /healthz on the same server",
  async run({ progress, scale, attach }) {
    const runId = randomBytes(4).toString("hex");
    // BENCH_ORDERS_DB=<name> keeps the seeded database for the next run (iterating on an index or a query).
    const kept = process.env.BENCH_ORDERS_DB;
    const database = kept ?? `corridor_bench_orders_${runId}`;
    const admin = postgres(TEST_PG_ADMIN_URL, { max: 1, onnotice: () => {} });
    const exists = (await admin`SELECT 1 FROM pg_database WHERE datname = ${database}`).length > 0;
    if (!exists) await admin.unsafe(`CREATE DATABASE "${database}"`);
    const url = dbUrl(database);
    const queuePrefix = `bench-orders-${runId}`;
    const sql = postgres(url, { max: 4, onnotice: () => {} });
    let web: Awaited<ReturnType<typeof startChild>> | undefined;
    try {
      ensureAdminBuild(progress);
      await migrateDatabase(url);
      const db = drizzle(sql, { schema });

      const t0 = Date.now();
      if (!exists) {
        progress(`seeding ${ORDERS} orders for ${SHOP} and ${NOISE.length} × ${NOISE_ORDERS} for other shops…`);
        const target = await seedAdminShop(db, SHOP, { tag: "BENCH" });
        await seedOrders(sql, target.shopId, ORDERS - target.orderIds.length, "B");
        for (const [i, domain] of NOISE.entries()) {
          const noise = await seedAdminShop(db, domain, { tag: `NOISE${i}` });
          await seedOrders(sql, noise.shopId, NOISE_ORDERS, `N${i}`);
        }
        // Offline session as after token exchange: each request then carries only a session token.
        await db.insert(schema.sessionTable).values({ id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, scope: SCOPES, accessToken: "shpat_bench", expires: new Date(Date.now() + 86_400_000), refreshToken: "shprt_bench", refreshTokenExpires: new Date(Date.now() + 30 * 86_400_000) });
      }
      await sql.unsafe("VACUUM ANALYZE");
      const shopId = (await sql<{ id: number }[]>`SELECT id::int FROM shops WHERE domain = ${SHOP}`)[0]!.id;
      const [counts] = await sql<{ orders: number; lines: number; allocations: number; events: number; tracking: number }[]>`
        SELECT (SELECT count(*) FROM orders)::int AS orders, (SELECT count(*) FROM order_lines)::int AS lines, (SELECT count(*) FROM allocations)::int AS allocations,
               (SELECT count(*) FROM order_events)::int AS events, (SELECT count(*) FROM tracking_events)::int AS tracking`;
      progress(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);

      const scenarios = await buildScenarios(sql, shopId);
      const port = await freePort();
      web = await startChild("app/server.ts", {
        NODE_ENV: "production", CORRIDOR_ENCRYPTION_KEYS: benchEncryptionKeys(), CORRIDOR_DEMO_MODE: "0", DATABASE_URL: url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: queuePrefix,
        SHOPIFY_API_KEY: APP.apiKey, SHOPIFY_API_SECRET: APP.apiSecret, SCOPES, SHOPIFY_APP_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: "warn",
      }, port);

      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      let token = await mintAdminSessionToken(APP, SHOP);
      let minted = Date.now();
      const fresh = async () => {
        if (Date.now() - minted > 30_000) [token, minted] = [await mintAdminSessionToken(APP, SHOP), Date.now()];
        return token;
      };
      const samples = Math.max(8, Math.round(40 * scale));
      const warmup = 3;
      const timings = new Map<string, number[]>();
      const baseline: number[] = [];
      // Interleave the baseline with the pages, so both see the same machine at the same moments.
      for (const s of scenarios) {
        const ms: number[] = [];
        for (let i = 0; i < warmup + samples; i++) {
          const hz = await get(agent, port, "/healthz", "");
          const r = await get(agent, port, s.path, await fresh());
          if (r.status !== 200 || !r.body.includes(s.expect)) throw new Error(`${s.name}: GET ${s.path} answered ${r.status} without "${s.expect}": ${r.body.slice(0, 300)}`);
          if (i >= warmup) {
            ms.push(r.ms);
            baseline.push(hz.ms);
          }
        }
        timings.set(s.name, ms);
        progress(`${s.name.padEnd(44)} p50 ${round(percentile(ms, 50))} ms  p95 ${round(percentile(ms, 95))} ms`);
      }
      agent.destroy();

      const listSamples = scenarios.filter((s) => s.list).flatMap((s) => timings.get(s.name)!);
      const worst = Math.max(...scenarios.filter((s) => s.list).map((s) => percentile(timings.get(s.name)!, 95)));
      const base50 = round(percentile(baseline, 50));
      const base95 = round(percentile(baseline, 95));
      const results: BenchResult[] = [
        { metric: "orders page p95, all filters", value: round(percentile(listSamples, 95)), unit: "ms", baseline: base95, baselineLabel: "GET /healthz p95, same server", goal: `p95 < ${GOAL_MS} ms`, met: percentile(listSamples, 95) < GOAL_MS },
        { metric: "orders page p95, slowest filter", value: round(worst), unit: "ms", baseline: base95, baselineLabel: "GET /healthz p95", goal: `p95 < ${GOAL_MS} ms`, met: worst < GOAL_MS },
      ];
      for (const s of scenarios) {
        const ms = timings.get(s.name)!;
        results.push({ metric: `${s.name} p50`, value: round(percentile(ms, 50)), unit: "ms", baseline: base50, baselineLabel: "/healthz p50" });
        results.push({ metric: `${s.name} p95`, value: round(percentile(ms, 95)), unit: "ms", baseline: base95, baselineLabel: "/healthz p95", ...(s.list ? { goal: `< ${GOAL_MS} ms`, met: percentile(ms, 95) < GOAL_MS } : {}) });
      }
      results.push({ metric: "orders in the database", value: counts!.orders, unit: "orders", goal: `${ORDERS} in the shop + ${NOISE.length * NOISE_ORDERS} of other shops` });

      progress("EXPLAIN (ANALYZE, BUFFERS) of the pages' queries…");
      await explainQueries(sql, shopId, scenarios, attach);
      return results;
    } finally {
      if (web) await stopChild(web);
      await sql.end();
      if (!kept) await admin.unsafe(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
      const redis = redisConnection(TEST_REDIS_URL);
      await deleteKeysMatching(redis, `{${queuePrefix}}*`);
      redis.disconnect();
    }
  },
};

/** The filters a merchant uses, common and rare, alone and combined; deep pages by keyset cursor. */
async function buildScenarios(sql: postgres.Sql, shopId: number): Promise<Scenario[]> {
  const whs = await sql<{ id: string; code: string }[]>`SELECT id, code FROM warehouses WHERE shop_id = ${shopId} ORDER BY id`;
  const wh = (code: string) => Number(whs.find((w) => w.code === code)!.id);
  const at = async (offset: number) => {
    const [row] = await sql<{ id: string; placed_at: Date; name: string; external_id: string }[]>`
      SELECT id, placed_at, name, external_id FROM orders WHERE shop_id = ${shopId} ORDER BY placed_at DESC, id DESC OFFSET ${offset} LIMIT 1`;
    return { id: Number(row!.id), placedAt: new Date(row!.placed_at), name: row!.name, externalId: row!.external_id };
  };
  const [mid, nearEnd, old] = [await at(50_000), await at(ORDERS - 30), await at(73_210)];
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const weekFrom = new Date(Date.now() - 120 * 86_400_000);
  const weekTo = new Date(weekFrom.getTime() + 6 * 86_400_000);
  const list = (name: string, filters: OrderFilters, expect = "Orders"): Scenario => {
    const params = new URLSearchParams();
    const keys: [keyof OrderFilters, string][] = [["channel", "channel"], ["stage", "stage"], ["warehouseId", "warehouse"], ["destination", "destination"], ["from", "from"], ["to", "to"], ["search", "q"], ["after", "after"]];
    for (const [k, p] of keys) if (filters[k] !== undefined) params.set(p, String(filters[k]));
    return { name: `orders ${name}`, path: `/app/orders${params.size ? `?${params}` : ""}`, expect, filters, list: true };
  };
  const detail = await at(12_345);
  return [
    list("page 1", {}),
    list("channel=etsy", { channel: "etsy" }),
    list("stage=exception", { stage: "exception" }),
    list("stage=received (rare)", { stage: "received" }),
    list("warehouse=JP-TYO", { warehouseId: wh("JP-TYO") }),
    list("warehouse=SG-SIN (rare)", { warehouseId: wh("SG-SIN") }),
    list("destination=JP", { destination: "JP" }),
    list("destination=NZ (rare)", { destination: "NZ" }),
    list("one week, 4 months ago", { from: day(weekFrom), to: day(weekTo) }),
    list("search by name", { search: old.name.slice(1) }, old.name),
    list("search by external id", { search: old.externalId }, old.name),
    list("search, no match", { search: "no-such-order" }),
    list("page 1000 (keyset)", { after: encodeCursor(mid.placedAt, mid.id) }),
    list("last page (keyset)", { after: encodeCursor(nearEnd.placedAt, nearEnd.id) }),
    list("tiktok+exception+JP (rare combo)", { channel: "tiktok", stage: "exception", destination: "JP" }),
    list("warehouse+exception (rare combo)", { warehouseId: wh("AU-SYD"), stage: "exception" }),
    list("warehouse+US+date range", { warehouseId: wh("US-RNO"), destination: "US", from: day(weekFrom), to: day(weekTo) }),
    { name: "order detail", path: `/app/orders/${detail.id}`, expect: detail.name },
    { name: "home", path: "/app", expect: "BENCH" },
  ];
}

/** EXPLAIN (ANALYZE, BUFFERS) of exactly the SQL the pages run, captured through Drizzle's logger. */
async function explainQueries(sql: postgres.Sql, shopId: number, scenarios: Scenario[], attach: (title: string, body: string) => void) {
  const captured: { query: string; params: unknown[] }[] = [];
  const db = drizzle(sql, { schema, logger: { logQuery: (query, params) => void captured.push({ query, params }) } });
  const explain = async (title: string, run: () => Promise<unknown>, which?: number) => {
    captured.length = 0;
    await run();
    const queries = which === undefined ? captured.slice() : [captured[which]!];
    const plans: string[] = [];
    for (const q of queries) {
      const rows = await sql.unsafe(`EXPLAIN (ANALYZE, BUFFERS) ${q.query}`, q.params as postgres.ParameterOrJSON<never>[]);
      plans.push(rows.map((r) => String(r["QUERY PLAN"])).join("\n"));
    }
    attach(title, plans.join("\n\n"));
  };
  for (const s of scenarios.filter((x) => x.list)) await explain(`${s.name}: list query`, () => listOrders(db, shopId, s.filters!), 0);
  await explain("orders list: warehouse names of the page", () => listOrders(db, shopId, {}), 1);
  await explain("orders list: filter choices (warehouses, destinations)", () => orderFilterOptions(db, shopId));
  const [detail] = await sql<{ id: string }[]>`SELECT id FROM orders WHERE shop_id = ${shopId} ORDER BY placed_at DESC OFFSET 12345 LIMIT 1`;
  await explain("order detail", () => getOrderDetail(db, shopId, Number(detail!.id)));
  const now = new Date();
  await explain("home: orders by stage", () => stageCounts(db, shopId, now));
  await explain("home: on-time rate", () => onTimeRate(db, shopId, 10, now));
  await explain("home: orders per day by warehouse", () => ordersPerDayByWarehouse(db, shopId, now));
  await explain("home: stock alerts", () => stockAlerts(db, shopId, 5));
}

export default bench;
