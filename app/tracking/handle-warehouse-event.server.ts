/**
 * Inbox handler for warehouse pushes (topic "<connector>/<partner topic>"): parse with the
 * connector, apply in one transaction, then queue what the storefront must hear, each push named by
 * what it carries so a redelivery or a replay adds nothing.
 */
import { and, eq } from "drizzle-orm";
import { shops, warehouses } from "../db/schema";
import type { TopicHandler } from "../inbox/topic-handler";
import { InvalidPayloadError } from "../lib/errors";
import { QUEUE } from "../queues/names";
import { pushTrackingJobId } from "../queues/keys";
import { createWarehouse } from "../warehouses/registry";
import { applyWarehouseEvent } from "./apply-warehouse-event.server";

export const handleWarehouseEvent: TopicHandler = async (ctx, row) => {
  const connector = row.topic.split("/")[0]!;
  // One read for the shop and its warehouse of this connector (the web process verified the push; the
  // verdict is taken again here because a replay must parse exactly what was stored).
  const [found] = await ctx.db
    .select({ shopId: shops.id, warehouse: warehouses })
    .from(shops)
    .leftJoin(warehouses, and(eq(warehouses.shopId, shops.id), eq(warehouses.connector, connector)))
    .where(eq(shops.domain, row.shopDomain))
    .limit(1);
  if (!found) return { status: "ignored", note: "shop gone" };
  const { shopId, warehouse } = found;
  if (!warehouse) return { status: "ignored", note: `shop has no ${connector} warehouse any more` };
  // Parsed as of its arrival: a replay days later must not fail the freshness check it passed then.
  const verdict = createWarehouse(connector, warehouse.connectorConfig).verifyWebhook(row.headers, row.rawBody, row.receivedAt);
  if (!verdict.ok) {
    throw new InvalidPayloadError("UNREADABLE_WAREHOUSE_EVENT", `${connector} push ${row.deliveryId}: ${verdict.reason}: ${verdict.detail}`, {
      merchantMessage: `${warehouse.name} sent an update Corridor could not read. It is kept and can be replayed.`,
    });
  }
  const event = verdict.event;
  // A reference of another shop finds no allocation (applyWarehouseEvent looks it up within the shop).
  const result = await ctx.db.transaction((tx) => applyWarehouseEvent(tx, shopId, connector, event));
  for (const push of result.pushes) {
    await ctx.queues.add(QUEUE.pushTracking, { ...push, correlationId: row.correlationId }, { jobId: pushTrackingJobId(push) });
  }
  return { status: "processed", note: result.note };
};
