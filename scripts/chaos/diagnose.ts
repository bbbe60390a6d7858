/**
 * When the verdict fails: what Corridor itself believes about each problem order (stage, its event
 * trail, open exceptions) and the state of its inbox and queues, written beside the logs. The verdict
 * stays an outside one; this is where a human starts looking.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { allocations, exceptions, orderEvents, orders, stockChanges, webhookInbox } from "../../app/db/schema";
import type { Stack } from "../stack/start-stack";
import type { Verdict } from "./check-outside";

export async function writeDiagnosis(stack: Stack, verdict: Verdict, logDir: string): Promise<string> {
  // Orders shipped after an accepted cancellation first: the rarest and most serious.
  const keys = [
    ...verdict.shippedAfterCancel.map((s) => s.split(": ")[0]!),
    ...verdict.lost,
    ...verdict.short.map((s) => s.split(" ")[0]!),
    ...verdict.missingStorefrontShipments.map((s) => s.split(" ")[0]!),
  ].slice(0, 40);
  const problems = [];
  for (const key of [...new Set(keys)]) {
    const [channel, externalId] = key.split(":") as [string, string];
    const [order] = await stack.db.select().from(orders).where(and(eq(orders.shopId, stack.shopId), eq(orders.channel, channel as "shopify"), eq(orders.externalId, externalId)));
    if (!order) {
      problems.push({ key, corridor: "no order row" });
      continue;
    }
    const events = await stack.db.select({ kind: orderEvents.kind, detail: orderEvents.detail, at: orderEvents.at }).from(orderEvents).where(eq(orderEvents.orderId, order.id)).orderBy(orderEvents.id);
    const allocs = await stack.db
      .select({ id: allocations.id, status: allocations.status, clientReference: allocations.clientReference, trackingNumber: allocations.trackingNumber, channelFulfillmentId: allocations.channelFulfillmentId, dispatchedAt: allocations.dispatchedAt, updatedAt: allocations.updatedAt })
      .from(allocations)
      .where(eq(allocations.orderId, order.id));
    const open = await stack.db.select({ kind: exceptions.kind, code: exceptions.code, reason: exceptions.reason }).from(exceptions).where(and(eq(exceptions.status, "open"), inArray(exceptions.subject, [`order:${order.id}`, ...allocs.map((a) => `allocation:${a.id}`)])));
    // The 3PL's side: every call naming these references (creates, cancels, reads), with faults and times.
    const references = new Set(allocs.map((a) => a.clientReference));
    const warehouseCalls = stack.warehouse.records.requests.filter((r) => r.reference && references.has(r.reference)).map((r) => `${r.at} ${r.method} ${r.path} → ${r.status}${r.fault ? ` (${r.fault})` : ""} ${r.correlationId ?? ""}`);
    problems.push({ key, stage: order.stage, orderId: order.id, name: order.name, allocations: allocs, events: events.map((e) => `${e.at.toISOString()} ${e.kind} ${JSON.stringify(e.detail).slice(0, 160)}`), warehouseCalls, exceptions: open });
  }
  const inbox = await stack.db.select({ channel: webhookInbox.channel, status: webhookInbox.status, n: sql<number>`count(*)::int` }).from(webhookInbox).groupBy(webhookInbox.channel, webhookInbox.status);
  const openExceptions = await stack.db
    .select({ kind: exceptions.kind, code: exceptions.code, n: sql<number>`count(*)::int`, sample: sql<string>`min(${exceptions.subject} || ': ' || left(${exceptions.reason}, 300))` })
    .from(exceptions)
    .where(eq(exceptions.status, "open"))
    .groupBy(exceptions.kind, exceptions.code);
  // Stock left in the outbox per connection: rows here mean a push is still to come, none with a
  // stock difference means Corridor believes the storefront already has it.
  const pendingStockChanges = await stack.db.select({ connectionId: stockChanges.connectionId, n: sql<number>`count(*)::int` }).from(stockChanges).groupBy(stockChanges.connectionId);
  const file = path.join(logDir, "diagnosis.json");
  writeFileSync(file, JSON.stringify({ inbox, openExceptions, pendingStockChanges, problems }, null, 2));
  return file;
}
