/**
 * The sandbox's Order.fulfillments and Order.fulfillmentOrders, read with the app's own operations
 * (app/channels/shopify/operations/shipments.ts), so a selection the sandbox cannot answer fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminGraphqlPath } from "../../../../app/channels/shopify/api-version";
import { CORRIDOR_ORDER_FULFILLMENT_ORDERS, CORRIDOR_ORDER_FULFILLMENTS } from "../../../../app/channels/shopify/operations/shipments";
import { startShopifySandbox, type ShopifySandbox } from "../../../sandboxes/shopify";
import type { ShopState } from "../../../sandboxes/shopify/state";

const TOKEN = "t-order-reads";
let sandbox: ShopifySandbox;
let shop: ShopState;
let serviceLocationId: bigint;

// Answers are walked by shape and compared whole with toEqual, which checks them fully.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
interface Answer { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }>; extensions?: { cost: { requestedQueryCost: number } } }

async function gql(query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const res = await fetch(`${sandbox.url}${adminGraphqlPath()}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": TOKEN },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as Answer;
}

/** An order at the app's location, requested, accepted, and shipped in one fulfillment per line. */
async function shippedInTwoParcels() {
  const { order, fulfillmentOrder: fo } = sandbox.merchant.createOrder(shop, { lines: [{ sku: "MUG", quantity: 2 }, { sku: "TEE", quantity: 1 }], locationId: serviceLocationId });
  await sandbox.merchant.submitFulfillmentRequest(shop, fo);
  const foGid = `gid://shopify/FulfillmentOrder/${fo.id}`;
  const accepted = await gql(`mutation A($id: ID!) { fulfillmentOrderAcceptFulfillmentRequest(id: $id) { userErrors { message } } }`, { id: foGid });
  expect(accepted.data.fulfillmentOrderAcceptFulfillmentRequest.userErrors).toEqual([]);
  for (const [i, line] of fo.lineItems.entries()) {
    const shipped = await gql(
      `mutation F($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { id } userErrors { message } } }`,
      { f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: foGid, fulfillmentOrderLineItems: [{ id: `gid://shopify/FulfillmentOrderLineItem/${line.id}`, quantity: line.totalQuantity }] }], trackingInfo: { company: "YunExpress", number: `YT${i}`, url: `https://t.example/YT${i}` } } },
    );
    expect(shipped.data.fulfillmentCreate.userErrors).toEqual([]);
  }
  return { order, fo };
}

beforeAll(async () => {
  sandbox = await startShopifySandbox({ apiKey: "k", apiSecret: "s", plan: "plus" });
  shop = sandbox.addShop("order-reads.myshopify.com", { accessToken: TOKEN });
  const created = await gql(`mutation { fulfillmentServiceCreate(name: "Corridor VN") { fulfillmentService { location { id } } userErrors { message } } }`);
  serviceLocationId = BigInt(String(created.data.fulfillmentServiceCreate.fulfillmentService.location.id).split("/").pop() ?? "");
});
afterAll(async () => sandbox.close());

describe("Order.fulfillments in the sandbox", () => {
  it("lists every shipment of the order with its tracking, oldest first", async () => {
    // GIVEN an order shipped in two parcels
    const { order } = await shippedInTwoParcels();
    // WHEN the app looks for its fulfillments
    const answer = await gql(CORRIDOR_ORDER_FULFILLMENTS, { id: `gid://shopify/Order/${order.id}` });
    // THEN both are there, each with its own tracking, and the call is costed
    expect(answer.errors).toBeUndefined();
    const list = answer.data.order.fulfillments as Array<{ id: string; status: string; createdAt: string; trackingInfo: unknown[] }>;
    expect(list.map((f) => f.status)).toEqual(["SUCCESS", "SUCCESS"]);
    expect(list.map((f) => f.trackingInfo)).toEqual([[{ company: "YunExpress", number: "YT0", url: "https://t.example/YT0" }], [{ company: "YunExpress", number: "YT1", url: "https://t.example/YT1" }]]);
    expect(list.every((f) => /^gid:\/\/shopify\/Fulfillment\/\d+$/.test(f.id) && !Number.isNaN(Date.parse(f.createdAt)))).toBe(true);
    expect(answer.extensions!.cost.requestedQueryCost).toBeGreaterThan(0);
  });

  it("truncates the list to `first` and answers an empty list for an unshipped order", async () => {
    const { order } = await shippedInTwoParcels();
    const fresh = sandbox.merchant.createOrder(shop, { lines: [{ sku: "MUG", quantity: 1 }], locationId: serviceLocationId }).order;
    const one = await gql(`query Q($id: ID!) { order(id: $id) { fulfillments(first: 1) { id } } }`, { id: `gid://shopify/Order/${order.id}` });
    const none = await gql(CORRIDOR_ORDER_FULFILLMENTS, { id: `gid://shopify/Order/${fresh.id}` });
    expect(one.data.order.fulfillments).toHaveLength(1);
    expect(none.data.order.fulfillments).toEqual([]);
  });

  it("refuses the search argument it does not model instead of ignoring it", async () => {
    const { order } = await shippedInTwoParcels();
    const answer = await gql(`query Q($id: ID!) { order(id: $id) { fulfillments(first: 5, query: "created_at:>2020-01-01") { id } } }`, { id: `gid://shopify/Order/${order.id}` });
    expect(answer.errors?.[0]?.extensions?.code).toBe("SANDBOX_NOT_IMPLEMENTED");
  });
});

describe("Order.fulfillmentOrders in the sandbox", () => {
  it("shows the app its fulfillment order with requests, location and what is left to ship", async () => {
    // GIVEN a requested order, accepted, and a shipment of its first line only
    const { order, fulfillmentOrder: fo } = sandbox.merchant.createOrder(shop, { lines: [{ sku: "MUG", quantity: 2 }, { sku: "TEE", quantity: 1 }], locationId: serviceLocationId });
    await sandbox.merchant.submitFulfillmentRequest(shop, fo, { notifyCustomer: false });
    const foGid = `gid://shopify/FulfillmentOrder/${fo.id}`;
    await gql(`mutation A($id: ID!) { fulfillmentOrderAcceptFulfillmentRequest(id: $id) { userErrors { message } } }`, { id: foGid });
    await gql(`mutation F($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { userErrors { message } } }`, {
      f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: foGid, fulfillmentOrderLineItems: [{ id: `gid://shopify/FulfillmentOrderLineItem/${fo.lineItems[0]!.id}`, quantity: 2 }] }] },
    });
    // WHEN the app reads the order's fulfillment orders
    const answer = await gql(CORRIDOR_ORDER_FULFILLMENT_ORDERS, { id: `gid://shopify/Order/${order.id}` });
    // THEN it sees the FO at its location, its request options, and one line left to ship
    expect(answer.errors).toBeUndefined();
    expect(answer.data.order.fulfillmentOrders.nodes).toEqual([{
      id: foGid,
      status: "IN_PROGRESS",
      requestStatus: "ACCEPTED",
      assignedLocation: { location: { id: `gid://shopify/Location/${serviceLocationId}` } },
      merchantRequests: { nodes: [{ id: `gid://shopify/FulfillmentOrderMerchantRequest/${fo.merchantRequests[0]!.id}`, requestOptions: { notify_customer: false } }] },
      lineItems: { nodes: fo.lineItems.map((l, i) => ({ id: `gid://shopify/FulfillmentOrderLineItem/${l.id}`, remainingQuantity: i === 0 ? 0 : 1, lineItem: { id: `gid://shopify/LineItem/${l.lineItemId}` } })) },
    }]);
    // Costed as a connection: order 1 + fulfillmentOrders 2 + 5 × (node 1 + location 2 + requests 2 + 3 × 1 + lines 2 + 50 × 2)
    expect(answer.extensions!.cost.requestedQueryCost).toBe(1 + 2 + 5 * (1 + 2 + 5 + 102));
  });

  it("hides fulfillment orders at the merchant's own locations, as read_assigned_fulfillment_orders does", async () => {
    // GIVEN an order the merchant fulfils from its own location
    const { order } = sandbox.merchant.createOrder(shop, { lines: [{ sku: "MUG", quantity: 1 }] });
    // WHEN the app reads its fulfillment orders
    const answer = await gql(CORRIDOR_ORDER_FULFILLMENT_ORDERS, { id: `gid://shopify/Order/${order.id}` });
    // THEN the order is there but none of its FOs are the app's to see
    expect(answer.data.order.id).toBe(`gid://shopify/Order/${order.id}`);
    expect(answer.data.order.fulfillmentOrders.nodes).toEqual([]);
  });

  it("pages the connection with `first` and `after`", async () => {
    // GIVEN an order split across two FOs at the app's location (as after a split)
    const { order, fulfillmentOrder: fo } = sandbox.merchant.createOrder(shop, { lines: [{ sku: "MUG", quantity: 1 }], locationId: serviceLocationId });
    const twin = { ...fo, id: fo.id + 1000n, lineItems: [], merchantRequests: [] };
    shop.fulfillmentOrders.set(twin.id, twin);
    const page = (after?: string) => gql(`query Q($id: ID!, $after: String) { order(id: $id) { fulfillmentOrders(first: 1, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }`, { id: `gid://shopify/Order/${order.id}`, after });
    const first = (await page()).data.order.fulfillmentOrders;
    const second = (await page(first.pageInfo.endCursor)).data.order.fulfillmentOrders;
    expect([first.nodes, first.pageInfo.hasNextPage, second.nodes, second.pageInfo.hasNextPage]).toEqual([
      [{ id: `gid://shopify/FulfillmentOrder/${fo.id}` }], true, [{ id: `gid://shopify/FulfillmentOrder/${twin.id}` }], false,
    ]);
  });
});
