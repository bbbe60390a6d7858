/**
 * The customs documents of one shipment (allocation), built from what is stored: the order, the
 * allocation's lines and what routing recorded on it (incoterm, postal lane, landed-cost quote), the
 * shop's catalogue and registrations. The CLI, the order page and dispatch all use this one builder.
 *
 * The invoice date is the day the shipment was routed and the PDF's creation date its timestamp:
 * an invoice is immutable (cross-border.md §4.1), and a retried dispatch must send the same bytes.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { parseStoredSettings } from "../db/queries/settings.server";
import { allocationLines, allocations, orderLines, orders, shops, skus, warehouses } from "../db/schema";
import { buildShipmentDocuments, type DocumentLine, type DocumentsInput, type ShipmentDocument } from "../domain/customs/documents";
import { nationalHsCode } from "../domain/customs/lookup-rules";
import { crossesBorder, type RecordedLandedCost } from "../domain/customs/shipment-customs";
import { renderDocumentPdf } from "./render-documents.server";

export type DocumentKind = ShipmentDocument["kind"];

export interface AllocationDocuments {
  allocationId: number;
  clientReference: string;
  warehouseCode: string;
  /** When the shipment was routed: the invoice date and the PDFs' creation date. */
  issuedAt: Date;
  docs: ShipmentDocument[];
}

/** Schemes that let the seller charge the import tax at checkout, and the registration each needs. */
const TAX_AT_SALE = {
  EU: { scheme: "IOSS", registration: "ioss" },
  GB: { scheme: "UK VAT", registration: "gb_vat" },
  AU: { scheme: "AU GST", registration: "au_gst" },
} as const;

/**
 * Builds the shipment's documents; null when the allocation does not exist or (with `shopId`)
 * belongs to another shop. Throws CustomsDataError when the data would be rejected at the border.
 */
export interface DocumentScope {
  /** Only this shop's shipments (the admin): another shop's id answers like a missing one. */
  shopId?: number;
  /** Only a shipment of this order (the order page's URL names both). */
  orderId?: number;
}

export async function buildAllocationDocuments(db: Database, allocationId: number, opts: DocumentScope = {}): Promise<AllocationDocuments | null> {
  const [row] = await db
    .select({ a: allocations, order: orders, warehouse: warehouses, shop: { domain: shops.domain, settings: shops.settings } })
    .from(allocations)
    .innerJoin(orders, eq(orders.id, allocations.orderId))
    .innerJoin(warehouses, eq(warehouses.id, allocations.warehouseId))
    .innerJoin(shops, eq(shops.id, orders.shopId))
    .where(and(
      eq(allocations.id, allocationId),
      opts.shopId === undefined ? undefined : eq(orders.shopId, opts.shopId),
      opts.orderId === undefined ? undefined : eq(allocations.orderId, opts.orderId),
    ));
  if (!row) return null;
  const { a, order, warehouse, shop } = row;
  const canonical = order.canonical;
  const to = canonical.shipTo;
  const items = await db
    .select({ sku: allocationLines.sku, quantity: allocationLines.quantity, externalLineId: orderLines.externalLineId, unitPrice: orderLines.unitPrice, weightGrams: orderLines.weightGrams, hsCode: orderLines.hsCode, origin: orderLines.countryOfOrigin })
    .from(allocationLines)
    .innerJoin(orderLines, eq(orderLines.id, allocationLines.orderLineId))
    .where(eq(allocationLines.allocationId, a.id))
    .orderBy(orderLines.id);
  const skuList = [...new Set(items.map((i) => i.sku))];
  const catalogue = new Map((skuList.length ? await db.select().from(skus).where(and(eq(skus.shopId, order.shopId), inArray(skus.sku, skuList))) : []).map((s) => [s.sku, s]));
  const lineByExternalId = new Map(canonical.lines.map((l) => [l.externalLineId, l]));
  const lines: DocumentLine[] = items.map((r) => {
    const product = catalogue.get(r.sku);
    const line = lineByExternalId.get(r.externalLineId);
    const national = product && nationalHsCode(product.hsCodesByCountry, to.countryCode);
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
  const seller = shop.domain;
  const incoterm = a.incoterm ?? "DAP";
  const input: DocumentsInput = {
    shipmentRef: a.clientReference,
    invoiceNumber: `CI-${a.clientReference}`,
    invoiceDate: a.createdAt.toISOString().slice(0, 10),
    orderRef: `${order.channel}:${order.externalId}`,
    exporter: { name: seller, addressLines: [`c/o ${warehouse.name}`], country: warehouse.countryCode },
    consignee: {
      name: to.name ?? canonical.name,
      addressLines: [to.address1, to.address2, [to.zip, to.city, to.provinceCode].filter(Boolean).join(" ")].filter((x): x is string => Boolean(x)),
      country: to.countryCode,
      ...(to.phone ? { phone: to.phone } : {}),
      ...(to.email ? { email: to.email } : {}),
    },
    incoterm,
    namedPlace: [to.city, to.countryCode].filter(Boolean).join(", "),
    reason: "sale",
    currency: canonical.currency,
    lines,
    // The order's shipping charge goes on every shipment's invoice: allocations carry no share of it.
    freight: { amount: canonical.shippingCharged ?? 0, currency: canonical.currency },
    // Box dimensions are not known until the warehouse packs: 0 says "not measured" rather than a guess.
    packages: [{ number: 1, lengthCm: 0, widthCm: 0, heightCm: 0, grossWeightGrams: lines.reduce((n, l) => n + l.netWeightGrams * l.quantity, 0), contents: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) }],
    postal: a.postal,
    destinationCountry: to.countryCode,
    signatory: seller,
    ...dutiesFrom(a.landedCost, parseStoredSettings(shop.settings).customsRegistrations),
  };
  return { allocationId: a.id, clientReference: a.clientReference, warehouseCode: warehouse.code, issuedAt: a.createdAt, docs: buildShipmentDocuments(input) };
}

/** The quote routing recorded, as the invoice states it; nothing when it was not estimated. */
function dutiesFrom(q: RecordedLandedCost | null, registrations: Record<string, string | undefined>): Pick<DocumentsInput, "duties" | "taxPaidAtSale"> {
  if (!q || q.basis === "not_estimated") return {};
  const money = (amount: number) => ({ amount, currency: q.currency });
  const fx = q.fx[0];
  const out: Pick<DocumentsInput, "duties" | "taxPaidAtSale"> = {
    duties: { duty: money(q.duty), tax: money(q.tax), fees: money(q.fees), indicative: q.indicative, ...(fx ? { fx } : {}) },
  };
  const atSale = q.ruleSet ? TAX_AT_SALE[q.ruleSet as keyof typeof TAX_AT_SALE] : undefined;
  const registration = atSale ? registrations[atSale.registration] : undefined;
  if (q.taxCollectedAt === "checkout" && atSale && registration) out.taxPaidAtSale = { scheme: atSale.scheme, registration, amount: money(q.tax) };
  return out;
}

/** One document of a shipment as a PDF; null when the shipment or (for a courier lane's CN23) the document does not exist. */
export async function renderAllocationDocument(db: Database, allocationId: number, kind: DocumentKind, opts: DocumentScope = {}): Promise<{ pdf: Buffer; fileName: string } | null> {
  const built = await buildAllocationDocuments(db, allocationId, opts);
  const doc = built?.docs.find((d) => d.kind === kind);
  if (!built || !doc) return null;
  return { pdf: await renderDocumentPdf(doc, { creationDate: built.issuedAt }), fileName: documentFileName(built.clientReference, kind) };
}

const FILE_NAME: Record<DocumentKind, string> = { commercial_invoice: "commercial-invoice", packing_list: "packing-list", cn23: "cn23" };

export const documentFileName = (clientReference: string, kind: DocumentKind) => `${clientReference.replace(/[^A-Za-z0-9._-]/g, "_")}-${FILE_NAME[kind]}.pdf`;

/** Per shipment of an order: what routing recorded for customs and which documents it has. */
export async function shipmentCustomsOf(db: Database, orderId: number) {
  const rows = await db
    .select({ id: allocations.id, crossBorder: allocations.crossBorder, postal: allocations.postal, incoterm: allocations.incoterm, landedCost: allocations.landedCost, warehouseCountry: warehouses.countryCode, destination: orders.destinationCountry })
    .from(allocations)
    .innerJoin(warehouses, eq(warehouses.id, allocations.warehouseId))
    .innerJoin(orders, eq(orders.id, allocations.orderId))
    .where(eq(allocations.orderId, orderId));
  return rows.map((r) => {
    const crossBorder = crossesBorder(r.crossBorder, r.warehouseCountry, r.destination);
    const documents: DocumentKind[] = crossBorder ? ["commercial_invoice", "packing_list", ...(r.postal ? ["cn23" as const] : [])] : [];
    return { allocationId: r.id, crossBorder, incoterm: r.incoterm, landedCost: r.landedCost, documents };
  });
}
