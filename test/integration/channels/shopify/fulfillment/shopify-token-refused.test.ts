/**
 * Shopify refuses the shop's token (401: revoked, or an expired offline token that could not be
 * refreshed): the work stops with a clear error, the Shopify connection shows the merchant must open
 * Corridor again, one exception says so, and a fresh token (the next token exchange) clears it.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollFulfillmentOrders } from "../../../../../app/channels/shopify/fulfillment/poll-fulfillment-orders.server";
import { channelConnections, exceptions } from "../../../../../app/db/schema";
import { markShopifyConnected } from "../../../../../app/shops/connect-shop.server";
import { connectShop, startFlowWorld, type FlowWorld } from "./harness";

let flow: FlowWorld;
beforeAll(async () => {
  flow = await startFlowWorld();
});
afterAll(async () => flow?.close());

describe("a Shopify token Shopify refuses", () => {
  it("GIVEN a revoked token WHEN background work calls Shopify THEN the connection needs the merchant, once, and a fresh token clears it", async () => {
    const shop = await connectShop(flow, "revoked.myshopify.com");
    await flow.world.db.insert(channelConnections).values({ shopId: shop.shopId, channel: "shopify", externalAccountId: shop.domain, status: "connected" }).onConflictDoNothing();
    flow.sandbox.shop(shop.domain).accessTokens.clear();

    const poll = () => pollFulfillmentOrders(flow.ctx, { task: "poll-fulfillment-orders", shopDomain: shop.domain, correlationId: "t" });
    await expect(poll()).rejects.toMatchObject({ code: "CHANNEL_AUTH", status: 401, retryable: false });
    await expect(poll()).rejects.toMatchObject({ code: "CHANNEL_AUTH" });

    const [connection] = await flow.world.db.select().from(channelConnections).where(and(eq(channelConnections.channel, "shopify"), eq(channelConnections.externalAccountId, shop.domain)));
    expect(connection).toMatchObject({ status: "needs_reauth", statusReason: expect.stringContaining("401") });
    const open = await flow.world.db.select().from(exceptions).where(and(eq(exceptions.subject, `connection:${connection!.id}`), eq(exceptions.status, "open")));
    expect(open).toHaveLength(1);
    expect(open[0]!.merchantMessage).toMatch(/Reconnect/);

    await markShopifyConnected(flow.world.db, shop.shopId, shop.domain);
    const [after] = await flow.world.db.select().from(channelConnections).where(eq(channelConnections.id, connection!.id));
    expect(after).toMatchObject({ status: "connected", statusReason: null });
  });
});
