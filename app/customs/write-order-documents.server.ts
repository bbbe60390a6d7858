/**
 * The customs documents of each shipment (allocation) of a stored order, as PDFs in a folder (the
 * CLI's `customs docs`): commercial invoice, packing list and, on a postal lane, the CN23.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { allocations, orders } from "../db/schema";
import type { ChannelId } from "../domain/order";
import { buildAllocationDocuments, documentFileName } from "./allocation-documents.server";
import { renderDocumentPdf } from "./render-documents.server";

export class StoredOrderNotFound extends Error {}

export interface WrittenShipmentDocuments {
  allocationId: number;
  clientReference: string;
  warehouseCode: string;
  files: string[];
}

export async function writeOrderDocuments(db: Database, channel: ChannelId, externalId: string, outDir: string): Promise<WrittenShipmentDocuments[]> {
  const [order] = await db.select({ id: orders.id }).from(orders).where(and(eq(orders.channel, channel), eq(orders.externalId, externalId)));
  if (!order) throw new StoredOrderNotFound(`no order ${channel}:${externalId}`);
  const shipments = (await db.select({ id: allocations.id, status: allocations.status }).from(allocations).where(eq(allocations.orderId, order.id)).orderBy(allocations.id)).filter((a) => a.status !== "cancelled");
  await mkdir(outDir, { recursive: true });

  const written: WrittenShipmentDocuments[] = [];
  for (const a of shipments) {
    const built = await buildAllocationDocuments(db, a.id);
    if (!built) continue;
    const files: string[] = [];
    for (const d of built.docs) {
      const file = path.join(outDir, documentFileName(built.clientReference, d.kind));
      await writeFile(file, await renderDocumentPdf(d, { creationDate: built.issuedAt }));
      files.push(file);
    }
    written.push({ allocationId: a.id, clientReference: built.clientReference, warehouseCode: built.warehouseCode, files });
  }
  return written;
}
