/**
 * The shipment relay (finding 24 of the chaos runs): a parcel that shipped while the merchant's
 * cancellation request was pending cannot be pushed then (Shopify refuses), and its push job fails.
 * Rejecting the request queues one push for it; when that enqueue is lost (Redis restarting), the
 * relay still brings the parcel onto the storefront, exactly once. Real Postgres, Redis, BullMQ
 * workers and the Shopify sandbox.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pollFulfillmentOrders } from "../../../app/channels/shopify/fulfillment/poll-fulfillment-orders.server";
import { allocations, exceptions, orders } from "../../../app/db/schema";
import type { HandlerContext } from "../../../app/inbox/topic-handler";
import { pushTrackingJobId } from "../../../app/queues/keys";
import { QUEUE } from "../../../app/queues/names";
import { PROCESSORS, startWorkers, type WorkerPool } from "../../../app/queues/run-workers.server";
import { MAX_RELAYED_PUSH_ATTEMPTS, relayUnpushedShipments } from "../../../app/tracking/relay-unpushed-shipments.server";
import { seedWarehouse } from "../../helpers/seed";
import { connectShop, startFlowWorld, US_ADDRESS, type FlowWorld } from "../channels/shopify/fulfillment/harness";

const NUMBER = "9400111899223197428490";
let flow: FlowWorld;
let pool: WorkerPool;
beforeAll(async () => {
  flow = await startFlowWorld();
  // Only pushes run in the background; the relay is called by the tests, not on a timer.
  pool = await startWorkers({ config: flow.ctx.config, db: flow.world, logger: flow.ctx.logger, processors: { [QUEUE.pushTracking]: PROCESSORS[QUEUE.pushTracking] }, relayEveryMs: 600_000, shipmentRelayEveryMs: 600_000 });
});
afterAll(async () => {
  await pool?.close();
  await flow?.close();
});

const poll = (ctx: HandlerContext, domain: string) => pollFulfillmentOrders(ctx, { task: "poll-fulfillment-orders", shopDomain: domain, correlationId: "t" });

/** A shipped parcel whose push failed while the merchant's cancellation request was pending. */
async function shippedDuringCancellationRequest(domain: string) {
  const shop = await connectShop(flow, domain);
  await seedWarehouse(flow.world.db, shop.shopId, { code: "US-RNO", country: "US", stock: { MUG: 5 }, destinations: ["US"] });
  const placed = await shop.requestFulfillment({ lines: [{ sku: "MUG", quantity: 1 }], shippingAddress: US_ADDRESS });
  await poll(flow.ctx, domain);
  const [order] = await flow.world.db.select().from(orders).where(and(eq(orders.shopId, shop.shopId), eq(orders.externalId, String(placed.order.id))));
  const [allocation] = await flow.world.db.select().from(allocations).where(eq(allocations.orderId, order!.id));
  await flow.sandbox.merchant.submitCancellationRequest(flow.sandbox.shop(domain), placed.fulfillmentOrder);
  await flow.world.db.update(allocations).set({ status: "shipped", carrier: "usps", trackingNumber: NUMBER, shippedAt: new Date() }).where(eq(allocations.id, allocation!.id));
  const push = { kind: "shipment" as const, allocationId: allocation!.id, trackingNumber: NUMBER };
  const queue = flow.queues.get(QUEUE.pushTracking);
  await queue.add(QUEUE.pushTracking, { ...push, correlationId: "t" }, { jobId: pushTrackingJobId(push) });
  await vi.waitFor(async () => expect(await (await queue.getJob(pushTrackingJobId(push)))!.getState()).toBe("failed"), { timeout: 10_000, interval: 50 });
  return { shop, placed, allocationId: allocation!.id, jobId: pushTrackingJobId(push) };
}

const fulfillmentsOf = (domain: string, orderId: bigint) => [...flow.sandbox.shop(domain).fulfillments.values()].filter((f) => f.orderId === orderId);
const quiet = () => flow.world.db.update(allocations).set({ updatedAt: sql`now() - interval '2 minutes'` });
const openExceptions = (jobId: string) =>
  flow.world.db.select().from(exceptions).where(and(eq(exceptions.subject, `job:${QUEUE.pushTracking}:${jobId}`), eq(exceptions.status, "open")));

describe("a shipment refused while a cancellation request was pending", () => {
  it("reaches the storefront once through the relay when the push queued after the rejection was lost", async () => {
    // GIVEN a parcel that shipped while the merchant asked to cancel: its push failed, and says so
    const domain = "relay-after-reject.myshopify.com";
    const { placed, allocationId, jobId } = await shippedDuringCancellationRequest(domain);
    await vi.waitFor(async () => expect(await openExceptions(jobId)).toHaveLength(1), { timeout: 5_000, interval: 50 });
    // AND Corridor rejects the cancellation (too late), but Redis refuses the push queued after it
    const redisDown: HandlerContext = { ...flow.ctx, queues: { ...flow.queues, add: async () => Promise.reject(new Error("Connection is closed.")) } };
    await expect(poll(redisDown, domain)).rejects.toThrow(/Connection is closed/);
    expect(flow.sandbox.shop(domain).fulfillmentOrders.get(placed.fulfillmentOrder.id)).toMatchObject({ requestStatus: "CANCELLATION_REJECTED" });
    // AND the retried poll finds nothing left to answer, so nothing else queues the push
    expect(await poll(flow.ctx, domain)).toMatch(/0 cancellations/);
    expect(fulfillmentsOf(domain, placed.order.id)).toHaveLength(0);

    // WHEN the relay runs once the parcel has been quiet for a minute
    await quiet();
    const outcome = await relayUnpushedShipments({ db: flow.world.db, queues: flow.queues });

    // THEN it retries the failed push, which creates the storefront's fulfillment with the tracking number
    expect(outcome).toEqual({ relayed: 1, retried: 1 });
    await vi.waitFor(async () => expect((await flow.world.db.select().from(allocations).where(eq(allocations.id, allocationId)))[0]!.channelFulfillmentId).not.toBeNull(), { timeout: 10_000, interval: 50 });
    const created = fulfillmentsOf(domain, placed.order.id);
    expect(created).toHaveLength(1);
    expect(created[0]!.trackingInfo.map((t) => t.number)).toEqual([NUMBER]);
    // AND the merchant's "add the tracking by hand" exception is closed
    await vi.waitFor(async () => expect(await openExceptions(jobId)).toHaveLength(0), { timeout: 5_000, interval: 50 });
    // AND the next pass finds nothing owed, so nothing is pushed twice
    await quiet();
    expect(await relayUnpushedShipments({ db: flow.world.db, queues: flow.queues })).toEqual({ relayed: 0, retried: 0 });
    expect(fulfillmentsOf(domain, placed.order.id)).toHaveLength(1);
  });

  it("leaves a parcel alone while its events still arrive, and stops retrying a push that keeps failing", async () => {
    // GIVEN a parcel whose push failed while the cancellation request is still pending
    const domain = "relay-capped.myshopify.com";
    const { placed, jobId } = await shippedDuringCancellationRequest(domain);
    // WHEN the relay runs while the parcel changed a moment ago
    // THEN it is not touched (its own events queue its pushes)
    expect(await relayUnpushedShipments({ db: flow.world.db, queues: flow.queues })).toMatchObject({ retried: 0 });
    // WHEN it has been quiet, but the request is still pending: the retried push fails again
    await quiet();
    expect(await relayUnpushedShipments({ db: flow.world.db, queues: flow.queues })).toMatchObject({ retried: 1 });
    const queue = flow.queues.get(QUEUE.pushTracking);
    await vi.waitFor(async () => expect(await (await queue.getJob(jobId))!.getState()).toBe("failed"), { timeout: 10_000, interval: 50 });
    // AND once its attempts reach the cap, the relay stops asking Shopify
    await flow.queues.connection.hset(queue.toKey(jobId), "atm", String(MAX_RELAYED_PUSH_ATTEMPTS));
    expect(await relayUnpushedShipments({ db: flow.world.db, queues: flow.queues })).toMatchObject({ relayed: 1, retried: 0 });
    expect(await (await queue.getJob(jobId))!.getState()).toBe("failed");
    expect(fulfillmentsOf(domain, placed.order.id)).toHaveLength(0);
  });
});
