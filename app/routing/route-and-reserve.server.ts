/**
 * The routing step: decide where an order ships from and hold its stock, in ONE Postgres
 * transaction, so concurrent orders never oversell. Idempotent per order revision: an order that
 * already holds live allocations, a superseded revision, or a cancelled order is left alone.
 */
import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Database, Transaction } from "../db/client.server";
import { allocationLines, allocations, orderEvents, orderLines, orders, reservations, skus } from "../db/schema";
import type { CanonicalOrder } from "../domain/order";
import { parseStoredSettings } from "../db/queries/settings.server";
import { shops } from "../db/schema";
import { routeOrder } from "../domain/routing/route-order";
import type { RoutingDecision, RoutingPolicy } from "../domain/routing/types";
import { recordException, resolveExceptions } from "../exceptions/record-exception.server";
import { clientReference } from "../queues/keys";
import { QUEUE } from "../queues/names";
import { allocationCustoms } from "./allocation-customs.server";
import { customsOptions, routingCostTerms } from "./cost-terms.server";
import { REFERENCE_FX } from "./fx-reference";
import { holdStock, loadCandidates, lockChosenStock } from "./load-candidates.server";

export type RouteOutcome =
  | { kind: "routed"; allocationIds: number[]; decision: RoutingDecision }
  | { kind: "unroutable"; decision: RoutingDecision }
  | { kind: "skipped"; reason: string };

const LIVE = ["cancelled", "failed"] as const;

export function policyFromSettings(settings: unknown): RoutingPolicy {
  const s = parseStoredSettings(settings);
  // The admin speaks of "warehouses per order" (≥ 1); the engine of extra shipments (≥ 0).
  return { objective: s.routingPolicy, promiseDays: s.promiseDays, maxSplits: Math.max(0, s.maxSplits - 1) };
}

/** The merchant's product data by SKU: what storefront payloads often lack (lithium, HS code, weight). */
export async function catalogueOf(tx: Transaction, shopId: number, skuList: string[]) {
  if (skuList.length === 0) return new Map<string, typeof skus.$inferSelect>();
  const rows = await tx.select().from(skus).where(and(eq(skus.shopId, shopId), inArray(skus.sku, skuList)));
  return new Map(rows.map((r) => [r.sku, r]));
}

/** Fills what the channel did not say from the catalogue; what the channel did say wins. */
export function withCatalogue(order: CanonicalOrder, catalogue: ReadonlyMap<string, typeof skus.$inferSelect>): CanonicalOrder {
  return {
    ...order,
    lines: order.lines.map((line) => {
      const p = catalogue.get(line.sku);
      if (!p) return line;
      return {
        ...line,
        weightGrams: line.weightGrams || p.weightGrams,
        hsCode: line.hsCode ?? p.hsCode ?? undefined,
        countryOfOrigin: line.countryOfOrigin ?? p.countryOfOrigin ?? undefined,
        dangerousGoods: line.dangerousGoods ?? (Object.keys(p.dangerousGoods).length ? p.dangerousGoods : undefined),
      };
    }),
  };
}

/**
 * Decided on an unlocked read of the stock, then only the chosen rows are locked and checked (in key
 * order): a routing transaction holds 1–3 inventory rows for its last few statements instead of every
 * warehouse's rows of its SKUs for all of them, so shipments and counts of the same SKUs elsewhere no
 * longer queue behind it. When the check fails (another order took the stock meanwhile) or the order
 * looks unroutable, the decision is taken again on rows locked before reading, as it always was.
 */
export async function routeAndReserve(db: Database, orderId: number, revision: number, opts: { now: Date; correlationId: string }): Promise<RouteOutcome> {
  const optimistic = await routeOnce(db, orderId, revision, opts, "check-chosen");
  if (optimistic !== RELOCK) return optimistic;
  const locked = await routeOnce(db, orderId, revision, opts, "lock-all");
  if (locked === RELOCK) throw new Error("a decision on locked rows is never taken again");
  return locked;
}

const RELOCK = Symbol("decide again on locked rows");

async function routeOnce(db: Database, orderId: number, revision: number, opts: { now: Date; correlationId: string }, locking: "check-chosen" | "lock-all"): Promise<RouteOutcome | typeof RELOCK> {
  return db.transaction(async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
    if (!order) return { kind: "skipped", reason: "order not found" };
    if (order.revision !== revision) return { kind: "skipped", reason: `revision ${revision} superseded by ${order.revision}` };
    if (order.cancelledAt || order.stage === "cancelled") return { kind: "skipped", reason: "order cancelled" };
    const live = await tx
      .select({ id: allocations.id })
      .from(allocations)
      .where(and(eq(allocations.orderId, orderId), notInArray(allocations.status, [...LIVE])));
    if (live.length) return { kind: "skipped", reason: "already routed" };

    const [shop] = await tx.select({ settings: shops.settings }).from(shops).where(eq(shops.id, order.shopId));
    const skuList = [...new Set(order.canonical.lines.map((l) => l.sku))];
    const candidates = await loadCandidates(tx, order.shopId, skuList, { lock: locking === "lock-all" });
    const canonical = withCatalogue(order.canonical, await catalogueOf(tx, order.shopId, skuList));
    const decision = routeOrder({ order: canonical, warehouses: candidates, policy: policyFromSettings(shop?.settings), fx: REFERENCE_FX, now: opts.now, extraTerms: routingCostTerms(shop?.settings) });
    const stored = { ...decision, fx: { asOf: REFERENCE_FX.asOf, source: REFERENCE_FX.source } } as unknown as Record<string, unknown>;

    if (locking === "check-chosen" && (decision.status === "unroutable" || !(await lockChosenStock(tx, decision)))) return RELOCK;
    if (decision.status === "unroutable") {
      await tx.update(orders).set({ stage: "exception", routingDecision: stored, updatedAt: sql`now()` }).where(eq(orders.id, orderId));
      await tx.insert(orderEvents).values({ orderId, kind: "unroutable", detail: { code: decision.code, message: decision.merchantMessage }, correlationId: opts.correlationId });
      await recordException(tx, {
        kind: "unroutable_order",
        subject: `order:${orderId}`,
        shopDomain: order.canonical.shopDomain,
        code: decision.code,
        reason: `${order.name}: ${decision.merchantMessage}`,
        merchantMessage: decision.merchantMessage,
        replay: { queue: QUEUE.routeOrder, data: { orderId, revision } },
        correlationId: opts.correlationId,
      });
      return { kind: "unroutable", decision };
    }

    const lineIds = new Map(
      (await tx.select({ id: orderLines.id, externalLineId: orderLines.externalLineId }).from(orderLines).where(eq(orderLines.orderId, orderId))).map((l) => [l.externalLineId, l.id]),
    );
    const previous = await tx.select({ n: sql<number>`count(*)::int` }).from(allocations).where(eq(allocations.orderId, orderId));
    let seq = previous[0]?.n ?? 0;
    const allocationIds: number[] = [];
    const customsOpts = customsOptions(shop?.settings);
    for (const a of decision.allocations) {
      seq += 1;
      const warehouseId = Number(a.warehouseId);
      const customs = await allocationCustoms(tx, { order: canonical, candidates, allocation: a, destination: decision.destination, now: opts.now }, customsOpts);
      const [row] = await tx
        .insert(allocations)
        .values({
          orderId,
          warehouseId,
          clientReference: clientReference(order.shopId, orderId, seq),
          mode: a.lane.mode,
          expectedCost: a.cost.total,
          costCurrency: a.cost.currency,
          expectedDeliveryAt: new Date(`${a.delivery.latestDate}T23:59:59Z`),
          laneId: customs.laneId,
          laneCarrier: customs.laneCarrier,
          postal: customs.postal,
          crossBorder: customs.crossBorder,
          incoterm: customs.incoterm,
          landedCost: customs.landedCost,
        })
        .returning({ id: allocations.id });
      allocationIds.push(row!.id);
      const bySku = new Map<string, number>();
      for (const line of a.lines) {
        const orderLineId = lineIds.get(line.externalLineId);
        if (orderLineId === undefined) throw new Error(`order ${orderId} has no line ${line.externalLineId}`);
        await tx.insert(allocationLines).values({ allocationId: row!.id, orderLineId, sku: line.sku, quantity: line.quantity });
        bySku.set(line.sku, (bySku.get(line.sku) ?? 0) + line.quantity);
      }
      for (const [sku, quantity] of bySku) {
        await holdStock(tx, warehouseId, sku, quantity);
        await tx.insert(reservations).values({ allocationId: row!.id, warehouseId, sku, quantity });
      }
    }
    await tx.update(orders).set({ stage: "routed", routingDecision: stored, updatedAt: sql`now()` }).where(eq(orders.id, orderId));
    await tx.insert(orderEvents).values({
      orderId,
      kind: "routed",
      detail: { summary: decision.summary, allocations: decision.allocations.map((a) => ({ warehouse: a.warehouseCode, mode: a.lane.mode, units: a.lines.reduce((n, l) => n + l.quantity, 0) })) },
      correlationId: opts.correlationId,
    });
    await resolveExceptions(tx, "unroutable_order", `order:${orderId}`);
    return { kind: "routed", allocationIds, decision };
  });
}
