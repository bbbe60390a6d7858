/**
 * A thin HTTP front for the Shopify sandbox, for two things the sandbox itself does not do:
 *
 * 1. It answers `Order.fulfillments` (CorridorOrderFulfillments) and `Order.fulfillmentOrders`
 *    (CorridorOrderFulfillmentOrders) from the sandbox's own state: the sandbox does not model
 *    those fields yet, and the real schema has them. Same records, the shape Shopify answers;
 *    remove this once the sandbox serves the fields.
 * 2. `loseNextAnswer(operationName)`: the next such request is executed by the sandbox, but the
 *    app gets a 502 instead of the answer, the way a timeout after Shopify succeeded looks.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ShopifySandbox } from "../../../../sandboxes/shopify";

export async function startSandboxProxy(sandbox: ShopifySandbox) {
  const lose = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const raw = Buffer.concat(chunks);
      const body = JSON.parse(raw.toString("utf8") || "{}") as { query?: string; variables?: Record<string, unknown> };
      const name = /\b(?:query|mutation)\s+(\w+)/.exec(body.query ?? "")?.[1] ?? "";
      if (name === "CorridorOrderFulfillments" || name === "CorridorOrderFulfillmentOrders") return void answerFromState(name, req, res, body.variables ?? {});
      const upstream = await fetch(`${sandbox.url}${req.url}`, { method: req.method, headers: { "content-type": "application/json", "x-shopify-access-token": String(req.headers["x-shopify-access-token"] ?? "") }, body: raw });
      const text = await upstream.text();
      if (lose.delete(name)) return void res.writeHead(502).end("Bad Gateway");
      res.writeHead(upstream.status, { "content-type": "application/json" }).end(text);
    });
  });

  function answerFromState(name: string, req: http.IncomingMessage, res: http.ServerResponse, variables: Record<string, unknown>) {
    const token = String(req.headers["x-shopify-access-token"] ?? "");
    const shop = [...sandbox.state.shops.values()].find((s) => s.accessTokens.has(token));
    if (!shop) return void res.writeHead(401).end(JSON.stringify({ errors: "Invalid API key or access token" }));
    const orderId = String(variables.id).split("/").pop()!;
    const order = shop.orders.get(BigInt(orderId));
    const gid = (type: string, id: bigint) => `gid://shopify/${type}/${id}`;
    let data: unknown;
    if (name === "CorridorOrderFulfillments") {
      const fulfillments = [...shop.fulfillments.values()]
        .filter((f) => String(f.orderId) === orderId)
        .slice(0, 50)
        .map((f) => ({ id: gid("Fulfillment", f.id), status: f.status, createdAt: f.createdAt, trackingInfo: f.trackingInfo.slice(0, 10) }));
      data = { order: order ? { id: gid("Order", order.id), fulfillments } : null };
    } else {
      const nodes = [...shop.fulfillmentOrders.values()]
        .filter((fo) => String(fo.orderId) === orderId)
        .slice(0, 5)
        .map((fo) => ({
          id: gid("FulfillmentOrder", fo.id),
          status: fo.status,
          requestStatus: fo.requestStatus,
          assignedLocation: { location: { id: gid("Location", fo.locationId) } },
          merchantRequests: { nodes: fo.merchantRequests.filter((r) => r.kind === "FULFILLMENT_REQUEST").slice(0, 3).map((r) => ({ id: gid("FulfillmentOrderMerchantRequest", r.id), requestOptions: r.requestOptions })) },
          lineItems: { nodes: fo.lineItems.slice(0, 50).map((l) => ({ id: gid("FulfillmentOrderLineItem", l.id), remainingQuantity: l.remainingQuantity, lineItem: { id: gid("LineItem", l.lineItemId) } })) },
        }));
      data = { order: order ? { id: gid("Order", order.id), fulfillmentOrders: { nodes } } : null };
    }
    const cost = { requestedQueryCost: 12, actualQueryCost: 4, throttleStatus: { maximumAvailable: 20000, currentlyAvailable: 19990, restoreRate: 1000 } };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data, extensions: { cost } }));
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    loseNextAnswer: (operationName: string) => void lose.add(operationName),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
