/**
 * Inbox handler for warehouse pushes (topic "<connector>/<partner topic>"): parse with the
 * connector, apply in one transaction, then queue what the storefront must hear, each push named by
 * what it carries so a redelivery or a replay adds nothing.
 */
import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { shops, warehouses } from "../db/schema";
import { markInboxRow } from "../inbox/mark-row.server";
import type { InboxRow, TopicHandler } from "../inbox/topic-handler";
import { InvalidPayloadError } from "../lib/errors";
import { QUEUE } from "../queues/names";
import { pushTrackingJobId } from "../queues/keys";
import { secretBoxFor } from "../lib/secret-box.server";
import { connectorFor } from "../warehouses/connector-config.server";
import { applyWarehouseEvent } from "./apply-warehouse-event.server";

type Warehouse = typeof warehouses.$inferSelect;
interface Found {
  shopId: number;
  warehouse: Warehouse | null;
}

/**
 * A busy warehouse pushes ~10 times per parcel, each naming the same shop and connector: their row
 * is read once per few seconds per database (as the web process caches the signing secrets), and
 * read again at once when a cached config fails to verify (a secret rotated meanwhile).
 */
const FRESH_MS = 10_000;
const recent = new WeakMap<Database, Map<string, { found: Found; at: number }>>();

async function readShopWarehouse(db: Database, row: InboxRow, connector: string, fresh: boolean): Promise<Found | undefined> {
  const key = `${row.shopDomain}\0${connector}`;
  const byKey = recent.get(db) ?? recent.set(db, new Map()).get(db)!;
  const hit = byKey.get(key);
  if (!fresh && hit && Date.now() - hit.at < FRESH_MS) return hit.found;
  // One read for the shop and its warehouse of this connector.
  const [found] = await db
    .select({ shopId: shops.id, warehouse: warehouses })
    .from(shops)
    .leftJoin(warehouses, and(eq(warehouses.shopId, shops.id), eq(warehouses.connector, connector)))
    .where(eq(shops.domain, row.shopDomain))
    .limit(1);
  if (found?.warehouse) byKey.set(key, { found, at: Date.now() });
  else byKey.delete(key);
  return found;
}

export const handleWarehouseEvent: TopicHandler = async (ctx, row) => {
  const connector = row.topic.split("/")[0]!;
  // The web process verified the push; the verdict is taken again here because a replay must parse
  // exactly what was stored. Parsed as of its arrival: a replay days later must not fail the
  // freshness check it passed then.
  const verify = (warehouse: Warehouse) => connectorFor(secretBoxFor(ctx.config), warehouse).verifyWebhook(row.headers, row.rawBody, row.receivedAt);
  let found = await readShopWarehouse(ctx.db, row, connector, false);
  let verdict = found?.warehouse ? verify(found.warehouse) : undefined;
  if (verdict && !verdict.ok) {
    found = await readShopWarehouse(ctx.db, row, connector, true);
    verdict = found?.warehouse ? verify(found.warehouse) : undefined;
  }
  if (!found) return { status: "ignored", note: "shop gone" };
  const { shopId, warehouse } = found;
  if (!warehouse || !verdict) return { status: "ignored", note: `shop has no ${connector} warehouse any more` };
  if (!verdict.ok) {
    throw new InvalidPayloadError("UNREADABLE_WAREHOUSE_EVENT", `${connector} push ${row.deliveryId}: ${verdict.reason}: ${verdict.detail}`, {
      merchantMessage: `${warehouse.name} sent an update Corridor could not read. It is kept and can be replayed.`,
    });
  }
  const event = verdict.event;
  // A reference of another shop finds no allocation (applyWarehouseEvent looks it up within the shop).
  const result = await ctx.db.transaction(async (tx) => {
    const applied = await applyWarehouseEvent(tx, shopId, connector, event);
    // Nothing to queue (a stage, a stock count): the row is done with the change. With pushes it stays
    // pending until they are queued, so a retry after a lost enqueue queues them again.
    if (applied.pushes.length === 0) await markInboxRow(tx, row.id, "processed", applied.note, ctx.now());
    return applied;
  });
  for (const push of result.pushes) {
    await ctx.queues.add(QUEUE.pushTracking, { ...push, correlationId: row.correlationId }, { jobId: pushTrackingJobId(push) });
  }
  return { status: "processed", note: result.note, marked: result.pushes.length === 0 };
};
