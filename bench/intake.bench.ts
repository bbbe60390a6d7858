/**
 * intake: Shopify webhooks acknowledged per second and ack latency, Corridor's production web process
 * (HMAC over the raw bytes, commit to Postgres, enqueue to BullMQ, answer) side by side with a bare
 * node:http server doing the HMAC check and one Postgres insert (bench/fixtures/bare-intake.ts), in
 * the same run against the same Postgres. Then Corridor alone at 300 webhooks/s sustained for 60 s.
 */
import { createHmac, randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import postgres from "postgres";
import { migrateDatabase } from "../app/db/migrate.server";
import { freePort } from "../app/dev/local-services.server";
import type { Bench } from "./harness";
import { closedLoop, openLoop, type LoadRequest } from "./load";
import { benchEncryptionKeys, startChild, stopChild as stop } from "./processes";
import { deleteKeysMatching } from "../app/lib/redis-keys";

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const SECRET = "bench-secret";

function orderBody(): Buffer {
  // ~3 KB, like a small real orders/create; the id above 2^53 stays exact because we write the text.
  const lines = Array.from({ length: 4 }, (_, i) => `{"id":${866550311766439020n + BigInt(i)},"admin_graphql_api_id":"gid://shopify/LineItem/${866550311766439020n + BigInt(i)}","sku":"SKU-${i}","title":"Silk scarf ${i}","quantity":1,"price":"29.90","grams":120,"properties":[],"tax_lines":[],"discount_allocations":[],"vendor":"Corridor demo","requires_shipping":true}`);
  return Buffer.from(`{"id":820982911946154508,"admin_graphql_api_id":"gid://shopify/Order/820982911946154508","name":"#1001","currency":"USD","created_at":"2026-11-24T08:00:00Z","updated_at":"2026-11-24T08:00:00Z","cancelled_at":null,"email":"lan@example.com","note":"${"x".repeat(1200)}","line_items":[${lines.join(",")}],"shipping_address":{"country_code":"US","province_code":"CA","city":"San Jose","zip":"95112","name":"Lan Nguyen","address1":"1 Main St"},"shipping_lines":[{"title":"Standard","price":"5.00"}]}`);
}

function requests(): () => LoadRequest {
  const body = orderBody();
  const hmac = createHmac("sha256", SECRET).update(body).digest("base64");
  const run = randomBytes(4).toString("hex");
  let n = 0;
  return () => ({
    path: "/webhooks/shopify",
    body,
    headers: { "content-type": "application/json", "x-shopify-topic": "orders/create", "x-shopify-hmac-sha256": hmac, "x-shopify-shop-domain": "bench.myshopify.com", "x-shopify-webhook-id": `${run}-${++n}`, "x-shopify-api-version": "2026-10" },
  });
}

const bench: Bench = {
  name: "intake",
  description: "webhooks acknowledged per second and ack latency: Corridor's intake vs bare node:http + HMAC + one insert",
  async run(ctx) {
    const dbName = `corridor_bench_${process.pid}`;
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE "${dbName}"`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${dbName}`;
    const databaseUrl = url.toString();
    await migrateDatabase(databaseUrl);
    const prefix = `bench-intake-${process.pid}`;
    const env = { DATABASE_URL: databaseUrl, REDIS_URL, QUEUE_PREFIX: prefix, SHOPIFY_API_KEY: "bench", SHOPIFY_API_SECRET: SECRET, SCOPES: "read_orders", SHOPIFY_APP_URL: "http://127.0.0.1", NODE_ENV: "production", CORRIDOR_ENCRYPTION_KEYS: benchEncryptionKeys(), LOG_LEVEL: "warn" } as NodeJS.ProcessEnv;
    const seconds = Math.max(5, Math.round(20 * ctx.scale));
    const sustained = Math.max(10, Math.round(60 * ctx.scale));
    try {
      const barePort = await freePort();
      ctx.progress(`baseline: bare node:http, 64 connections for ${seconds} s…`);
      const bare = await startChild("bench/fixtures/bare-intake.ts", env, barePort);
      const bareLoad = await closedLoop(barePort, 64, seconds, requests());
      await stop(bare);

      const port = await freePort();
      ctx.progress(`Corridor's web process, 64 connections for ${seconds} s…`);
      const web = await startChild("app/server.ts", env, port);
      const load = await closedLoop(port, 64, seconds, requests());
      ctx.progress(`Corridor at 300 webhooks/s for ${sustained} s…`);
      const steady = await openLoop(port, 300, sustained, requests());
      await stop(web);
      ctx.progress(`acknowledged ${load.ok + steady.ok} in all; baseline ${bareLoad.ok}`);
      return [
        { metric: "throughput (64 connections)", value: Math.round(load.perSecond), unit: "webhooks/s", baseline: Math.round(bareLoad.perSecond), baselineLabel: "bare node:http + HMAC + 1 insert", goal: "≥ 0.7× baseline", met: load.perSecond >= 0.7 * bareLoad.perSecond },
        { metric: "ack latency p50 (64 connections)", value: round(load.p50), unit: "ms", baseline: round(bareLoad.p50), baselineLabel: "bare" },
        { metric: "ack latency p99 (64 connections)", value: round(load.p99), unit: "ms", baseline: round(bareLoad.p99), baselineLabel: "bare" },
        { metric: "ack latency p50 at 300/s sustained", value: round(steady.p50), unit: "ms" },
        { metric: "ack latency p99 at 300/s sustained", value: round(steady.p99), unit: "ms", goal: "< 50 ms", met: steady.p99 < 50 },
        { metric: "acknowledged at 300/s sustained", value: steady.ok, unit: "webhooks", baseline: steady.requests, baselineLabel: "sent" },
      ];
    } finally {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await admin.end();
      const redis = new Redis(REDIS_URL);
      await deleteKeysMatching(redis, `{${prefix}}*`);
      redis.disconnect();
    }
  },
};

const round = (x: number) => Math.round(x * 100) / 100;
export default bench;
