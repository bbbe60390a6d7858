/**
 * The customs documents that go with a dispatch: the commercial invoice, plus the CN23 on a postal
 * lane, for a shipment that crosses a customs border and a partner whose create call takes them.
 * Domestic shipments (same country, or within the EU) need none.
 *
 * Documents that cannot be made (a vague description, no HS code) do not hold the order back: the
 * warehouse still gets it, the order's timeline says the documents are missing, and the merchant
 * can fix the product data and print them from the order page.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { allocations, orderEvents, orders, warehouses } from "../db/schema";
import { buildAllocationDocuments } from "../customs/allocation-documents.server";
import { renderDocumentPdf } from "../customs/render-documents.server";
import { CustomsDataError } from "../domain/customs/customs-error";
import { crossesBorder } from "../domain/customs/shipment-customs";
import type { Logger } from "../lib/logger.server";
import type { CustomsDocumentKind, DispatchDocument, Warehouse } from "../warehouses/warehouse";

type Row<T extends { $inferSelect: unknown }> = T["$inferSelect"];

export async function customsDocumentsFor(
  deps: { db: Database; logger: Logger },
  rows: { allocation: Row<typeof allocations>; warehouse: Row<typeof warehouses>; order: Row<typeof orders> },
  connector: Pick<Warehouse, "capabilities">,
  correlationId: string,
): Promise<DispatchDocument[]> {
  const { allocation, order } = rows;
  const accepted = connector.capabilities?.customsDocuments ?? [];
  if (accepted.length === 0 || !crossesBorder(allocation.crossBorder, rows.warehouse.countryCode, order.destinationCountry)) return [];
  const wanted = (["commercial_invoice", ...(allocation.postal ? ["cn23" as const] : [])] satisfies CustomsDocumentKind[]).filter((k) => accepted.includes(k));
  if (wanted.length === 0) return [];
  try {
    const built = await buildAllocationDocuments(deps.db, allocation.id);
    if (!built) return [];
    const out: DispatchDocument[] = [];
    for (const kind of wanted) {
      const doc = built.docs.find((d) => d.kind === kind);
      // Same bytes on every try: the partner compares a retried create with the first one.
      if (doc) out.push({ kind, format: "pdf", content: await renderDocumentPdf(doc, { creationDate: built.issuedAt }) });
    }
    return out;
  } catch (error) {
    if (!(error instanceof CustomsDataError)) throw error;
    deps.logger.warn({ allocationId: allocation.id, code: error.code, correlationId }, "dispatch: customs documents cannot be made; dispatching without them");
    await recordMissingOnce(deps.db, order.id, allocation.id, error.merchantMessage ?? error.message, correlationId);
    return [];
  }
}

async function recordMissingOnce(db: Database, orderId: number, allocationId: number, reason: string, correlationId: string): Promise<void> {
  const [seen] = await db
    .select({ id: orderEvents.id })
    .from(orderEvents)
    .where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.kind, "customs_documents_missing"), sql`${orderEvents.detail}->>'allocationId' = ${String(allocationId)}`));
  if (!seen) await db.insert(orderEvents).values({ orderId, kind: "customs_documents_missing", detail: { allocationId: String(allocationId), reason }, correlationId });
}
