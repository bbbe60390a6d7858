/**
 * The commercial invoice and packing list of each shipment (allocation) of a stored order, as PDFs in
 * a folder (the CLI's `customs docs`). Line data comes from the stored order and the shop's
 * catalogue; the pure builder (domain/customs/documents.ts) refuses what customs would reject.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { allocationLines, allocations, orderLines, orders, shops, skus, warehouses } from "../db/schema";
import { buildShipmentDocuments, type DocumentLine } from "../domain/customs/documents";
import type { ChannelId } from "../domain/order";
import { renderDocumentPdf } from "./render-documents.server";

export class StoredOrderNotFound extends Error {}

export interface WrittenShipmentDocuments {
  allocationId: number;
  clientReference: string;
  warehouseCode: string;
  files: string[];
}

const FILE_NAME: Record<string, string> = { commercial_invoice: "commercial-invoice", packing_list: "packing-list", cn23: "cn23" };

export async function writeOrderDocuments(db: Database, channel: ChannelId, externalId: string, outDir: string, opts: { now: Date }): Promise<WrittenShipmentDocuments[]> {
  const [order] = await db.select().from(orders).where(and(eq(orders.channel, channel), eq(orders.externalId, externalId)));
  if (!order) throw new StoredOrderNotFound(`no order ${channel}:${externalId}`);
  const [shop] = await db.select({ domain: shops.domain }).from(shops).where(eq(shops.id, order.shopId));
  const canonical = order.canonical;
  const shipments = (await db.select().from(allocations).where(eq(allocations.orderId, order.id)).orderBy(allocations.id)).filter((a) => a.status !== "cancelled");
  const skuList = [...new Set(canonical.lines.map((l) => l.sku))];
  const catalogue = new Map((skuList.length ? await db.select().from(skus).where(and(eq(skus.shopId, order.shopId), inArray(skus.sku, skuList))) : []).map((s) => [s.sku, s]));
  const lineByExternalId = new Map(canonical.lines.map((l) => [l.externalLineId, l]));
  const to = canonical.shipTo;
  const seller = shop?.domain ?? canonical.shopDomain;
  await mkdir(outDir, { recursive: true });

  const written: WrittenShipmentDocuments[] = [];
  for (const a of shipments) {
    const [warehouse] = await db.select().from(warehouses).where(eq(warehouses.id, a.warehouseId));
    const rows = await db
      .select({ sku: allocationLines.sku, quantity: allocationLines.quantity, externalLineId: orderLines.externalLineId, unitPrice: orderLines.unitPrice, weightGrams: orderLines.weightGrams, hsCode: orderLines.hsCode, origin: orderLines.countryOfOrigin })
      .from(allocationLines)
      .innerJoin(orderLines, eq(orderLines.id, allocationLines.orderLineId))
      .where(eq(allocationLines.allocationId, a.id))
      .orderBy(orderLines.id);
    const lines: DocumentLine[] = rows.map((r) => {
      const product = catalogue.get(r.sku);
      const line = lineByExternalId.get(r.externalLineId);
      const national = product?.hsCodesByCountry[to.countryCode];
      return {
        sku: r.sku,
        description: product?.customsDescription ?? product?.title ?? line?.title ?? r.sku,
        hsCode: r.hsCode ?? line?.hsCode ?? product?.hsCode ?? "",
        ...(national ? { nationalCode: national } : {}),
        origin: r.origin ?? line?.countryOfOrigin ?? product?.countryOfOrigin ?? "VN",
        quantity: r.quantity,
        unit: "pcs",
        unitValue: r.unitPrice,
        netWeightGrams: r.weightGrams || product?.weightGrams || 0,
      };
    });
    const docs = buildShipmentDocuments({
      shipmentRef: a.clientReference,
      invoiceNumber: `CI-${a.clientReference}`,
      invoiceDate: opts.now.toISOString().slice(0, 10),
      orderRef: `${channel}:${externalId}`,
      exporter: { name: seller, addressLines: [`c/o ${warehouse?.name ?? `warehouse ${a.warehouseId}`}`], country: warehouse?.countryCode ?? "VN" },
      consignee: {
        name: to.name ?? canonical.name,
        addressLines: [to.address1, to.address2, [to.zip, to.city, to.provinceCode].filter(Boolean).join(" ")].filter((x): x is string => Boolean(x)),
        country: to.countryCode,
        ...(to.phone ? { phone: to.phone } : {}),
        ...(to.email ? { email: to.email } : {}),
      },
      incoterm: "DAP",
      namedPlace: [to.city, to.countryCode].filter(Boolean).join(", "),
      reason: "sale",
      currency: canonical.currency,
      lines,
      // The order's shipping charge goes on every shipment's invoice: allocations carry no share of it.
      freight: { amount: canonical.shippingCharged ?? 0, currency: canonical.currency },
      // Box dimensions are not known until the warehouse packs: 0 says "not measured" rather than a guess.
      packages: [{ number: 1, lengthCm: 0, widthCm: 0, heightCm: 0, grossWeightGrams: lines.reduce((n, l) => n + l.netWeightGrams * l.quantity, 0), contents: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) }],
      postal: false,
      destinationCountry: to.countryCode,
      signatory: seller,
    });
    const files: string[] = [];
    for (const d of docs) {
      const file = path.join(outDir, `${a.clientReference.replace(/[^A-Za-z0-9._-]/g, "_")}-${FILE_NAME[d.kind] ?? d.kind}.pdf`);
      await writeFile(file, await renderDocumentPdf(d));
      files.push(file);
    }
    written.push({ allocationId: a.id, clientReference: a.clientReference, warehouseCode: warehouse?.code ?? String(a.warehouseId), files });
  }
  return written;
}
