/**
 * What-if routing for support and the CLI: the decision and its explanation for a stored order or
 * for a canonical order from a file, with nothing stored, reserved or locked.
 */
import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { orders, shops } from "../db/schema";
import type { CanonicalOrder, ChannelId } from "../domain/order";
import { routeOrder } from "../domain/routing/route-order";
import type { CandidateWarehouse, RoutingDecision } from "../domain/routing/types";
import { routingCostTerms } from "./cost-terms.server";
import { REFERENCE_FX } from "./fx-reference";
import { loadCandidates } from "./load-candidates.server";
import { catalogueOf, policyFromSettings, withCatalogue } from "./route-and-reserve.server";

export class OrderNotFound extends Error {}

export async function explainRoute(db: Database, order: CanonicalOrder, opts: { now: Date; candidates?: CandidateWarehouse[] }): Promise<RoutingDecision> {
  const [shop] = await db.select().from(shops).where(eq(shops.domain, order.shopDomain));
  const skuList = [...new Set(order.lines.map((l) => l.sku))];
  const candidates = opts.candidates ?? (shop ? await db.transaction((tx) => loadCandidates(tx, shop.id, skuList, { lock: false })) : []);
  const enriched = shop ? withCatalogue(order, await db.transaction((tx) => catalogueOf(tx, shop.id, skuList))) : order;
  return routeOrder({ order: enriched, warehouses: candidates, policy: policyFromSettings(shop?.settings), fx: REFERENCE_FX, now: opts.now, extraTerms: routingCostTerms(shop?.settings) });
}

export async function storedOrder(db: Database, channel: ChannelId, externalId: string): Promise<CanonicalOrder> {
  const [row] = await db.select({ canonical: orders.canonical }).from(orders).where(and(eq(orders.channel, channel), eq(orders.externalId, externalId)));
  if (!row) throw new OrderNotFound(`no order ${channel}:${externalId}`);
  return row.canonical;
}
