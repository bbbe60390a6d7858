/**
 * The floor: the CPU that the traffic of one order costs on this machine when each delivery gets only
 * what the fixed choices require (docs/ARCHITECTURE.md): acknowledged after a Postgres commit, queued
 * in BullMQ, processed by a worker, and the platform API calls made. Two bare processes
 * (bench/floor/skeleton-*.ts) carry it, with the same driver, pool, socket and queue options as Corridor.
 *
 * The e2e benches run it right after their own load, with that load's deliveries and API calls per
 * order, so "CPU per order" has a baseline from the same machine and minute: the cost of the traffic
 * itself, below which no implementation on this stack can go. The rate is the target's.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Queue } from "bullmq";
import postgres from "postgres";
import { shopifyHmac } from "../app/channels/shopify/verify-webhook";
import { freePort } from "../app/dev/local-services.server";
import { dbUrl, socketDbUrl, TEST_PG_ADMIN_URL, TEST_REDIS_URL } from "../test/helpers/services";
import { cpuBetween, cpuByPart } from "./cpu";
import { FLOOR_QUEUE, FLOOR_TABLE, floorRedis } from "./floor/shared";
import { startChild, stopChild } from "./processes";

export interface FloorOptions {
  rate: number;
  seconds: number;
  /** Traffic per order, as the real load measured it. */
  deliveriesPerOrder: number;
  apiCallsPerOrder: number;
  progress(message: string): void;
}

export interface FloorResult {
  orders: number;
  deliveries: number;
  /** Deliveries processed by the end of sending, and by the end of the drain. */
  processedWhileSending: number;
  processed: number;
  sendSeconds: number;
  cpuSeconds: Record<string, number>;
}

const SELF = "load generator + API sink";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function floorLoad(opts: FloorOptions): Promise<FloorResult> {
  const database = `corridor_bench_floor_${process.pid}_${Date.now() % 100_000}`;
  const admin = postgres(TEST_PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${database}"`);
  const sql = postgres(dbUrl(database), { max: 1, onnotice: () => {} });
  const prefix = `{floor-${process.pid}-${Date.now()}}`;
  // The platforms' APIs: answer each call at once with a small JSON document.
  const sink = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end('{"data":{"floor":{"id":"gid://floor/1"}}}'));
  });
  await new Promise<void>((r) => sink.listen(0, "127.0.0.1", r));
  const children: Awaited<ReturnType<typeof startChild>>[] = [];
  try {
    await sql.unsafe(FLOOR_TABLE);
    const secret = randomBytes(32).toString("base64");
    const env = {
      DATABASE_URL: socketDbUrl(database),
      REDIS_URL: TEST_REDIS_URL,
      FLOOR_PREFIX: prefix,
      FLOOR_SECRET: secret,
      FLOOR_SINK_URL: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/graphql`,
    };
    const webPort = await freePort();
    const web = await startChild(path.join("bench", "floor", "skeleton-web.ts"), env, webPort);
    children.push(web);
    children.push(await startChild(path.join("bench", "floor", "skeleton-worker.ts"), env, await freePort()));
    const pids = { "floor web": web.pid!, "floor worker": children[1]!.pid! };
    await sleep(1000);

    const orders = Math.round(opts.rate * opts.seconds);
    const deliveries = Math.round(orders * opts.deliveriesPerOrder);
    const perSecond = deliveries / opts.seconds;
    const calls = (k: number) => Math.round(((k + 1) * opts.apiCallsPerOrder) / opts.deliveriesPerOrder) - Math.round((k * opts.apiCallsPerOrder) / opts.deliveriesPerOrder);
    const url = `http://127.0.0.1:${webPort}/webhooks/floor`;
    opts.progress(`floor: ${orders} orders at ${opts.rate}/s as ${deliveries} deliveries (${perSecond.toFixed(0)}/s) and ${Math.round(orders * opts.apiCallsPerOrder)} API calls…`);
    const cpuBefore = cpuByPart(pids, SELF);
    const start = performance.now();
    const sending: Promise<unknown>[] = [];
    const send = (k: number) => {
      const body = JSON.stringify({ id: k, topic: "order.updated", calls: calls(k), note: "x".repeat(1400) });
      const hmac = shopifyHmac(secret, Buffer.from(body));
      const headers = { "content-type": "application/json", "x-floor-topic": "order.updated", "x-floor-delivery-id": `d${k}`, "x-floor-hmac-sha256": hmac };
      return fetch(url, { method: "POST", headers, body }).then((r) => r.arrayBuffer()).catch(() => undefined);
    };
    for (let k = 0; k < deliveries; ) {
      const due = Math.min(deliveries, Math.floor(((performance.now() - start) / 1000) * perSecond) + 1);
      for (; k < due; k++) sending.push(send(k));
      await sleep(2);
    }
    await Promise.all(sending);
    const sendSeconds = (performance.now() - start) / 1000;
    const done = async () => Number((await sql<{ n: string }[]>`SELECT count(*) AS n FROM floor_inbox WHERE status = 'processed'`)[0]!.n);
    const processedWhileSending = await done();
    let processed = processedWhileSending;
    const end = Date.now() + Math.max(30, opts.seconds) * 1000;
    while (processed < deliveries && Date.now() < end) {
      await sleep(500);
      processed = await done();
    }
    const cpuSeconds = cpuBetween(cpuBefore, cpuByPart(pids, SELF));
    opts.progress(`floor: ${processedWhileSending}/${deliveries} deliveries processed while sending, ${processed} in all`);
    return { orders, deliveries, processedWhileSending, processed, sendSeconds, cpuSeconds };
  } finally {
    await Promise.all(children.map(stopChild));
    await new Promise((r) => sink.close(r));
    const q = new Queue(FLOOR_QUEUE, { connection: floorRedis(TEST_REDIS_URL), prefix });
    await q.obliterate({ force: true }).catch(() => undefined);
    await q.close();
    await sql.end();
    await admin.unsafe(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  }
}
