/**
 * The canonical order behind a fulfillment order. Normally orders/create stored it already; when
 * that webhook was lost (or is still in flight), the order is read with CORRIDOR_ORDER and stored
 * through the same upsert, so a late webhook for the same updated_at is then a no-op.
 */
import { and, eq } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { orders } from "../../../db/schema";
import { PartnerError } from "../../../lib/errors";
import { upsertOrder } from "../../../orders/upsert-order.server";
import type { AdminClient } from "../admin-client.server";
import { normalizeGraphqlOrder, type GraphqlOrder } from "../normalize-graphql-order";
import { gidNumber } from "../normalize-order";
import { CORRIDOR_ORDER } from "../operations/orders";

export async function fetchShopifyOrder(client: AdminClient, orderGid: string): Promise<{ order: GraphqlOrder; lines: GraphqlOrder["lineItems"]["nodes"] }> {
  let after: string | null | undefined;
  let order: GraphqlOrder | undefined;
  const lines: GraphqlOrder["lineItems"]["nodes"] = [];
  do {
    const page = await client.request(CORRIDOR_ORDER, { id: orderGid, linesAfter: after ?? null });
    if (!page.order) throw new PartnerError("SHOPIFY_ORDER_NOT_FOUND", `Shopify has no order ${orderGid}`, { retryable: false });
    order ??= page.order;
    lines.push(...page.order.lineItems.nodes);
    after = page.order.lineItems.pageInfo.hasNextPage ? page.order.lineItems.pageInfo.endCursor : null;
  } while (after);
  return { order: order!, lines };
}

export async function ensureShopifyOrder(
  db: Database,
  client: AdminClient,
  shop: { id: number; domain: string },
  orderGid: string,
  correlationId: string,
): Promise<{ orderId: number; fetched: boolean }> {
  const externalId = gidNumber(orderGid);
  const [held] = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.shopId, shop.id), eq(orders.channel, "shopify"), eq(orders.externalId, externalId)));
  if (held) return { orderId: held.id, fetched: false };
  const { order, lines } = await fetchShopifyOrder(client, orderGid);
  const outcome = await upsertOrder(db, normalizeGraphqlOrder(shop.domain, order, lines), correlationId);
  return { orderId: outcome.orderId, fetched: true };
}
