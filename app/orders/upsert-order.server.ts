/**
 * Stores a canonical order idempotently. Platforms deliver at least once and out of order, so a
 * change is applied only when its channel `updatedAt` is newer than the one held; an equal or older
 * one is acknowledged and ignored. Each accepted change bumps `revision`, which names the routing job.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { orderEvents, orderLines, orders } from "../db/schema";
import type { CanonicalOrder } from "../domain/order";
import { ensureShop } from "../shops/ensure-shop.server";

export type UpsertOutcome =
  | { kind: "created" | "updated"; orderId: number; revision: number; cancelled: boolean }
  | { kind: "stale"; orderId: number; revision: number };

export async function upsertOrder(db: Database, order: CanonicalOrder, correlationId: string): Promise<UpsertOutcome> {
  return db.transaction(async (tx) => {
    const shop = await ensureShop(tx, order.shopDomain);
    const incomingAt = new Date(order.updatedAt);
    const values = {
      shopId: shop.id,
      channel: order.channel,
      externalId: order.externalId,
      name: order.name,
      channelUpdatedAt: incomingAt,
      canonical: order,
      customerId: order.customerId ?? null,
      destinationCountry: order.shipTo.countryCode,
      currency: order.currency,
      placedAt: new Date(order.placedAt),
      cancelledAt: order.cancelledAt ? new Date(order.cancelledAt) : null,
      correlationId,
    };
    // Insert, or update only when strictly newer; the row lock serialises concurrent deliveries.
    const [row] = await tx
      .insert(orders)
      .values(values)
      .onConflictDoUpdate({
        target: [orders.shopId, orders.channel, orders.externalId],
        set: {
          name: values.name,
          channelUpdatedAt: values.channelUpdatedAt,
          canonical: values.canonical,
          // A later revision that does not name the customer (another normaliser) keeps the known one.
          customerId: sql`coalesce(excluded.customer_id, ${orders.customerId})`,
          destinationCountry: values.destinationCountry,
          cancelledAt: values.cancelledAt,
          revision: sql`${orders.revision} + 1`,
          updatedAt: sql`now()`,
        },
        setWhere: sql`${orders.channelUpdatedAt} < excluded.channel_updated_at`,
      })
      .returning({ id: orders.id, revision: orders.revision });
    if (!row) {
      const [held] = await tx
        .select({ id: orders.id, revision: orders.revision })
        .from(orders)
        .where(and(eq(orders.shopId, shop.id), eq(orders.channel, order.channel), eq(orders.externalId, order.externalId)));
      return { kind: "stale", orderId: held!.id, revision: held!.revision };
    }
    if (order.lines.length) {
      // One statement for every line: a revision may change any of them.
      await tx
        .insert(orderLines)
        .values(
          order.lines.map((line) => ({
            orderId: row.id,
            externalLineId: line.externalLineId,
            sku: line.sku,
            quantity: line.quantity,
            unitPrice: line.unitPrice,
            currency: line.currency,
            weightGrams: line.weightGrams,
            hsCode: line.hsCode ?? null,
            countryOfOrigin: line.countryOfOrigin ?? null,
          })),
        )
        .onConflictDoUpdate({
          target: [orderLines.orderId, orderLines.externalLineId],
          set: {
            sku: sql`excluded.sku`,
            quantity: sql`excluded.quantity`,
            unitPrice: sql`excluded.unit_price`,
            currency: sql`excluded.currency`,
            weightGrams: sql`excluded.weight_grams`,
            hsCode: sql`excluded.hs_code`,
            countryOfOrigin: sql`excluded.country_of_origin`,
          },
        });
    }
    const created = row.revision === 1;
    const cancelled = Boolean(order.cancelledAt);
    await tx.insert(orderEvents).values({
      orderId: row.id,
      kind: created ? "received" : cancelled ? "cancelled_by_channel" : "updated_by_channel",
      detail: { channel: order.channel, revision: row.revision, channelUpdatedAt: order.updatedAt },
      correlationId,
    });
    if (cancelled) await tx.update(orders).set({ stage: "cancelled" }).where(eq(orders.id, row.id));
    return { kind: created ? "created" : "updated", orderId: row.id, revision: row.revision, cancelled };
  });
}
