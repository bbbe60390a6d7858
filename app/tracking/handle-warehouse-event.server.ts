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
import { allocationBelongsToShop, applyWarehouseEvent } from "./apply-warehouse-event.server";

export const handleWarehouseEvent: TopicHandler = async (ctx, row) => {
  const connector = row.topic.split("/")[0]!;
  const [shop] = await ctx.db.select({ id: shops.id, status: shops.status }).from(shops).where(eq(shops.domain, row.shopDomain));
  if (!shop) return { status: "ignored", note: "shop gone" };
  const [warehouse] = await ctx.db.select().from(warehouses).where(and(eq(warehouses.shopId, shop.id), eq(warehouses.connector, connector))).limit(1);
  if (!warehouse) return { status: "ignored", note: `shop has no ${connector} warehouse any more` };
  // Parsed as of its arrival: a replay days later must not fail the freshness check it passed then.
  const verdict = createWarehouse(connector, warehouse.connectorConfig).verifyWebhook(row.headers, row.rawBody, row.receivedAt);
  if (!verdict.ok) {
    throw new InvalidPayloadError("UNREADABLE_WAREHOUSE_EVENT", `${connector} push ${row.deliveryId}: ${verdict.reason}: ${verdict.detail}`, {
      merchantMessage: `${warehouse.name} sent an update Corridor could not read. It is kept and can be replayed.`,
    });
  }
  const event = verdict.event;
  const result = await ctx.db.transaction(async (tx) => {
    if (event.kind !== "stock.changed") {
      const ref = event.kind === "order.stage" ? event.order.clientReference : event.clientReference;
      if (!(await allocationBelongsToShop(tx, ref, shop.id))) return { pushes: [], note: `reference ${ref} is not this shop's` };
    }
    return applyWarehouseEvent(tx, shop.id, connector, event);
  });
  for (const push of result.pushes) {
    await ctx.queues.add(QUEUE.pushTracking, { ...push, correlationId: row.correlationId }, { jobId: pushTrackingJobId(push) });
  }
  return { status: "processed", note: result.note };
};
