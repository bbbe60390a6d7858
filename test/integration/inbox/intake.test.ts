/**
 * POST /webhooks/shopify through the real web server, Postgres and BullMQ: what Corridor promises
 * about every delivery, good or bad.
 */
import { eq } from "drizzle-orm";
import { UnrecoverableError, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookInbox } from "../../../app/db/schema";
import { createDb } from "../../../app/db/client.server";
import { MAX_RELAYED_ATTEMPTS, relayPendingInbox } from "../../../app/inbox/relay.server";
import { createQueues, redisConnection } from "../../../app/queues/queues.server";
import { QUEUE } from "../../../app/queues/names";
import { startWebServer, type WebServer } from "../../../app/server";
import { testConfig } from "../../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { orderJson, post, signedShopifyDelivery } from "../../helpers/shopify-webhooks";

let world: IsolatedWorld;
let web: WebServer;

beforeAll(async () => {
  world = await isolatedWorld();
  web = await startWebServer(testConfig(world, { WEBHOOK_MAX_BYTES: "65536" }), { db: world, admin: false });
});
afterAll(async () => {
  await web?.close();
  await world?.cleanup();
});

const rows = (deliveryId: string) => world.db.select().from(webhookInbox).where(eq(webhookInbox.deliveryId, deliveryId));

describe("POST /webhooks/shopify", () => {
  it("commits the exact bytes and headers, enqueues one ingest job named by the row, then answers 200", async () => {
    // GIVEN a signed orders/create whose order id is above 2^53
    const delivery = signedShopifyDelivery("orders/create", orderJson());
    // WHEN it arrives
    const res = await post(web.url, "/webhooks/shopify", delivery);
    // THEN it is acknowledged, stored byte for byte, and one job carries the row id
    expect(res.status).toBe(200);
    const [row] = await rows(delivery.headers["x-shopify-webhook-id"]!);
    expect(row).toMatchObject({ channel: "shopify", topic: "orders/create", shopDomain: "acme-vn.myshopify.com", status: "pending" });
    expect(Buffer.compare(row!.rawBody, delivery.body)).toBe(0);
    expect(row!.rawBody.toString()).toContain('"id":820982911946154508');
    expect(row!.headers["x-shopify-event-id"]).toBe(delivery.headers["x-shopify-event-id"]);
    const job = await web.queues.get(QUEUE.ingest).getJob(`inbox-${row!.id}`);
    expect(job?.data).toEqual({ inboxId: row!.id, correlationId: row!.correlationId });
  });

  it("acknowledges a redelivery (same X-Shopify-Webhook-Id) without a second row or job", async () => {
    const delivery = signedShopifyDelivery("orders/updated", orderJson({ updatedAt: "2026-11-24T09:00:00Z" }));
    const first = await post(web.url, "/webhooks/shopify", delivery);
    const second = await post(web.url, "/webhooks/shopify", delivery);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.json()).toMatchObject({ outcome: "duplicate" });
    const stored = await rows(delivery.headers["x-shopify-webhook-id"]!);
    expect(stored).toHaveLength(1);
    const jobs = await web.queues.get(QUEUE.ingest).getJobs(["waiting", "active", "completed", "delayed"]);
    expect(jobs.filter((j) => j.data.inboxId === stored[0]!.id)).toHaveLength(1);
  });

  it("keeps two topics of one merchant action apart even though they share X-Shopify-Event-Id", async () => {
    const a = signedShopifyDelivery("orders/updated", orderJson({ updatedAt: "2026-11-24T10:00:00Z" }), { eventId: "evt-shared" });
    const b = signedShopifyDelivery("orders/cancelled", orderJson({ updatedAt: "2026-11-24T10:00:00Z", cancelledAt: "2026-11-24T10:00:00Z" }), { eventId: "evt-shared" });
    expect((await post(web.url, "/webhooks/shopify", a)).status).toBe(200);
    expect((await post(web.url, "/webhooks/shopify", b)).status).toBe(200);
    expect(await world.db.select().from(webhookInbox).where(eq(webhookInbox.eventId, "evt-shared"))).toHaveLength(2);
  });

  it("answers 401 and stores nothing when the HMAC is wrong or missing", async () => {
    const forged = signedShopifyDelivery("orders/create", orderJson(), { secret: "not-the-app-secret" });
    expect((await post(web.url, "/webhooks/shopify", forged)).status).toBe(401);
    const unsigned = signedShopifyDelivery("orders/create", orderJson());
    delete unsigned.headers["x-shopify-hmac-sha256"];
    expect((await post(web.url, "/webhooks/shopify", unsigned)).status).toBe(401);
    // A valid signature over different bytes is still a forgery.
    const tampered = signedShopifyDelivery("orders/create", orderJson());
    tampered.body = Buffer.from(tampered.body.toString().replace("89.90", "0.01"));
    expect((await post(web.url, "/webhooks/shopify", tampered)).status).toBe(401);
    for (const d of [forged, unsigned, tampered]) expect(await rows(d.headers["x-shopify-webhook-id"]!)).toHaveLength(0);
  });

  it("answers 413 for a body over the limit and stores nothing", async () => {
    const huge = signedShopifyDelivery("orders/create", `{"pad":"${"x".repeat(70_000)}"}`);
    expect((await post(web.url, "/webhooks/shopify", huge)).status).toBe(413);
    expect(await rows(huge.headers["x-shopify-webhook-id"]!)).toHaveLength(0);
  });

  it("answers 405 to other methods and 415 to other content types", async () => {
    expect((await fetch(`${web.url}/webhooks/shopify`)).status).toBe(405);
    const wrongType = signedShopifyDelivery("orders/create", orderJson());
    wrongType.headers["content-type"] = "text/plain";
    expect((await post(web.url, "/webhooks/shopify", wrongType)).status).toBe(415);
    expect(await rows(wrongType.headers["x-shopify-webhook-id"]!)).toHaveLength(0);
  });

  it("still commits and acknowledges when Redis is down, and the relay enqueues the row once Redis is back", async () => {
    // GIVEN a web process whose Redis is unreachable
    const down = await startWebServer(testConfig(world, { REDIS_URL: "redis://127.0.0.1:1" }), { db: world, admin: false });
    try {
      const delivery = signedShopifyDelivery("orders/create", orderJson({ id: "9007199254740993" }));
      // WHEN a delivery arrives, THEN it is acknowledged and committed as pending
      expect((await post(down.url, "/webhooks/shopify", delivery)).status).toBe(200);
      const [row] = await rows(delivery.headers["x-shopify-webhook-id"]!);
      expect(row?.status).toBe("pending");
      expect(await web.queues.get(QUEUE.ingest).getJob(`inbox-${row!.id}`)).toBeUndefined();
      // WHEN Redis is reachable again, THEN the relay enqueues exactly that row's job
      const relayed = await relayPendingInbox({ sql: world.sql, queues: web.queues }, { olderThanMs: 0 });
      expect(relayed.relayed).toBeGreaterThanOrEqual(1);
      expect((await web.queues.get(QUEUE.ingest).getJob(`inbox-${row!.id}`))?.data.inboxId).toBe(row!.id);
    } finally {
      await down.close();
    }
  });

  it("GIVEN a pending row whose ingest job BullMQ failed (its worker died under it too often) WHEN the relay runs THEN that job is retried, and left alone once the row has had its attempts", async () => {
    const delivery = signedShopifyDelivery("orders/create", orderJson({ id: "9007199254740995" }));
    expect((await post(web.url, "/webhooks/shopify", delivery)).status).toBe(200);
    const [row] = await rows(delivery.headers["x-shopify-webhook-id"]!);
    // No worker runs here: take the job by hand and fail it as BullMQ's stall check does.
    const taker = new Worker(QUEUE.ingest, null, { connection: redisConnection(world.redisUrl), prefix: web.queues.prefix });
    // Earlier tests left their rows' jobs waiting: set them aside until this row's job comes up.
    const take = async (token: string) => {
      for (let job = await taker.getNextJob(token); job; job = await taker.getNextJob(token)) {
        if (job.id === `inbox-${row!.id}`) return job;
        await job.moveToCompleted("set aside by the test", token, false);
      }
      throw new Error(`inbox-${row!.id} was not waiting`);
    };
    try {
      const job = await take("test-token");
      await job!.moveToFailed(new UnrecoverableError("job stalled more than allowable limit"), "test-token");
      const queue = web.queues.get(QUEUE.ingest);
      expect(await queue.getJobState(`inbox-${row!.id}`)).toBe("failed");

      const outcome = await relayPendingInbox({ sql: world.sql, queues: web.queues }, { olderThanMs: 0 });
      expect(outcome.retried).toBe(1);
      expect(await queue.getJobState(`inbox-${row!.id}`)).toBe("waiting");

      // A row that has used its attempts stays with its failed job for an operator.
      const again = await take("test-token-2");
      await again!.moveToFailed(new UnrecoverableError("job stalled more than allowable limit"), "test-token-2");
      await world.db.update(webhookInbox).set({ attempts: MAX_RELAYED_ATTEMPTS }).where(eq(webhookInbox.id, row!.id));
      expect((await relayPendingInbox({ sql: world.sql, queues: web.queues }, { olderThanMs: 0 })).retried).toBe(0);
      expect(await queue.getJobState(`inbox-${row!.id}`)).toBe("failed");
    } finally {
      await taker.close();
    }
  });

  it("answers 503 when Postgres is down, so Shopify retries, and enqueues nothing", async () => {
    const deadDb = createDb("postgres://postgres@127.0.0.1:1/none", { max: 1 });
    const queues = createQueues(world.redisUrl, `${world.queuePrefix}-pgdown`);
    const down = await startWebServer(testConfig(world), { db: deadDb, queues, admin: false });
    try {
      const delivery = signedShopifyDelivery("orders/create", orderJson());
      const res = await post(down.url, "/webhooks/shopify", delivery);
      expect(res.status).toBe(503);
      expect(await queues.get(QUEUE.ingest).getJobCounts()).toMatchObject({ waiting: 0, active: 0 });
    } finally {
      await down.close();
      await queues.close();
      await deadDb.close();
    }
  });

  it("answers /healthz always and /readyz only when Postgres and Redis answer", async () => {
    expect((await fetch(`${web.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${web.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, postgres: "ok", redis: "ok" });
    const down = await startWebServer(testConfig(world, { REDIS_URL: "redis://127.0.0.1:1" }), { db: world, admin: false });
    try {
      const notReady = await fetch(`${down.url}/readyz`);
      expect(notReady.status).toBe(503);
      expect((await notReady.json()).redis).not.toBe("ok");
    } finally {
      await down.close();
    }
  });
});
