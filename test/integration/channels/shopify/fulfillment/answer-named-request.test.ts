/**
 * A fulfillment_request_submitted webhook names its fulfillment order; Corridor answers that one at
 * once instead of waiting for the poll's coalescing window, and the poll that follows answers
 * nothing twice. Checked on the Shopify sandbox's own record of answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerFulfillmentOrder, pollFulfillmentOrders } from "../../../../../app/channels/shopify/fulfillment/poll-fulfillment-orders.server";
import { handleFulfillmentRequest } from "../../../../../app/channels/shopify/handlers/handle-fulfillment-request.server";
import type { webhookInbox } from "../../../../../app/db/schema";
import { answerFulfillmentOrderJobId } from "../../../../../app/queues/keys";
import { QUEUE } from "../../../../../app/queues/names";
import { seedWarehouse } from "../../../../helpers/seed";
import { connectShop, startFlowWorld, US_ADDRESS, type ConnectedShop, type FlowWorld } from "./harness";

let flow: FlowWorld;
beforeAll(async () => {
  flow = await startFlowWorld();
});
afterAll(async () => flow?.close());

const answer = (shop: ConnectedShop, fulfillmentOrderId: string) =>
  answerFulfillmentOrder(flow.ctx, { task: "answer-fulfillment-order", shopDomain: shop.domain, fulfillmentOrderId, correlationId: "test-answer" });
const foGid = (id: bigint) => `gid://shopify/FulfillmentOrder/${id}`;

describe("answering the fulfillment order a webhook names", () => {
  it("GIVEN a submitted request WHEN its fulfillment order is answered by id THEN Shopify records one acceptance, and the poll after it answers nothing again", async () => {
    const shop = await connectShop(flow, "named-request.myshopify.com");
    await seedWarehouse(flow.world.db, shop.shopId, { code: "US-RNO", country: "US", stock: { MUG: 5 }, destinations: ["US"] });
    const { fulfillmentOrder } = await shop.requestFulfillment({ lines: [{ sku: "MUG", quantity: 1, price: "12.50" }], shippingAddress: US_ADDRESS });

    expect(await answer(shop, foGid(fulfillmentOrder.id))).toBe("accepted");
    const fo = flow.sandbox.shop(shop.domain).fulfillmentOrders.get(fulfillmentOrder.id)!;
    expect(fo.requestStatus).toBe("ACCEPTED");

    const summary = await pollFulfillmentOrders(flow.ctx, { task: "poll-fulfillment-orders", shopDomain: shop.domain, correlationId: "test-poll" });
    expect(summary).toMatch(/^0 requested/);
    expect(await answer(shop, foGid(fulfillmentOrder.id))).toBe("nothing to answer (ACCEPTED)");
    expect(fo.responses.map((r) => r.action)).toEqual(["accept_fulfillment"]);
  });

  it("GIVEN the webhook of a submitted request WHEN it is ingested THEN the answer for that fulfillment order is queued, once however often it is delivered, and no window poll", async () => {
    const shop = await connectShop(flow, "named-webhook.myshopify.com");
    const body = {
      original_fulfillment_order: { id: "gid://shopify/FulfillmentOrder/777", status: "open", request_status: "unsubmitted" },
      submitted_fulfillment_order: { id: "gid://shopify/FulfillmentOrder/777", status: "open", request_status: "submitted" },
      fulfillment_order_merchant_request: { id: "gid://shopify/FulfillmentOrderMerchantRequest/31", message: null },
    };
    const row = { id: 1, channel: "shopify", topic: "fulfillment_orders/fulfillment_request_submitted", shopDomain: shop.domain, correlationId: "c-named", rawBody: Buffer.from(JSON.stringify(body)) } as unknown as typeof webhookInbox.$inferSelect;

    const outcome = await handleFulfillmentRequest(flow.ctx, row);
    await handleFulfillmentRequest(flow.ctx, row);

    expect(outcome).toEqual({ status: "processed", note: "answer queued" });
    const maintenance = flow.queues.get(QUEUE.maintenance);
    const job = await maintenance.getJob(answerFulfillmentOrderJobId("777", "31"));
    expect(job?.data).toMatchObject({ task: "answer-fulfillment-order", shopDomain: shop.domain, fulfillmentOrderId: "gid://shopify/FulfillmentOrder/777" });
    const answers = (await maintenance.getJobs(["waiting", "delayed", "prioritized"])).filter((j) => j.data.task === "answer-fulfillment-order" && j.data.shopDomain === shop.domain);
    expect(answers).toHaveLength(1);
    expect((await maintenance.getJobs(["delayed", "waiting"])).some((j) => j.data.task === "poll-fulfillment-orders" && j.data.shopDomain === shop.domain)).toBe(false);
  });
});
