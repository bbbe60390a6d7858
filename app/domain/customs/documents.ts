/**
 * Shipment document data, built purely: commercial invoice (cross-border.md §4.1), packing list
 * (§4.2) and CN23 for postal lanes (§4.3). The renderer (app/customs/render-documents.server.ts)
 * only lays out what is here, so the same line data reaches the label, the CN23, the invoice and the
 * EAD feed; a mismatch between them means holds at the border.
 */
import { formatMinorUnits } from "../money";
import type { Money } from "../order";
import { CustomsDataError } from "./customs-error";

export interface Party {
  name: string;
  addressLines: string[];
  country: string;
  phone?: string;
  email?: string;
  /** VN tax code (exporter), EU VAT / ABN / EIN (B2B importer). */
  taxId?: string;
  eori?: string;
}

export interface DocumentLine {
  sku: string;
  /** Plain and specific ("men's knitted cotton T-shirt"); ICS2 rejects vague words like "gift". */
  description: string;
  hsCode: string;
  /** The destination's 8–10 digit code where known (US postal entries need 10). */
  nationalCode?: string;
  /** Where the good was made, not the ship-from country. */
  origin: string;
  quantity: number;
  unit: string;
  unitValue: number;
  netWeightGrams: number;
}

export interface DocumentPackage {
  number: number;
  lengthCm: number;
  widthCm: number;
  heightCm: number;
  grossWeightGrams: number;
  contents: { sku: string; quantity: number }[];
  /** Marks on the box ("lithium battery mark UN3481"). */
  marks?: string[];
}

export interface DocumentsInput {
  shipmentRef: string;
  invoiceNumber: string;
  /** ISO day. */
  invoiceDate: string;
  /** "shopify:1001": links the invoice to the order. */
  orderRef: string;
  exporter: Party;
  consignee: Party;
  incoterm: "DAP" | "DDP";
  /** Incoterms 2020 named place ("Berlin, DE"). */
  namedPlace: string;
  reason: "sale" | "gift" | "sample" | "return" | "repair";
  currency: string;
  lines: DocumentLine[];
  freight: Money;
  insurance?: Money;
  discount?: Money;
  packages: DocumentPackage[];
  /** Tax charged at the sale, to prevent double taxation at the border (IOSS / UK VAT / AU GST). */
  taxPaidAtSale?: { scheme: "IOSS" | "UK VAT" | "AU GST"; registration: string; amount: Money };
  /**
   * Duty and import tax as routing quoted them. Under DDP the seller prepays them, so the invoice
   * states the amounts; under DAP it says the consignee pays on import. `indicative` marks a figure
   * priced at a duty rate no source confirms (an estimate, never binding).
   */
  duties?: {
    duty: Money;
    tax: Money;
    fees: Money;
    indicative: boolean;
    /** The FX rate the quote converted with, and its source and date (cross-border.md §2.3). */
    fx?: { base: string; quote: string; rate: number; source: string; date: string };
  };
  /** FTA origin statement text, when claiming a preference. */
  originStatement?: string;
  /** A postal lane: CN23 data is built too. */
  postal: boolean;
  destinationCountry: string;
  signatory: string;
}

export interface DocField {
  label: string;
  value: string;
}

export interface ShipmentDocument {
  kind: "commercial_invoice" | "packing_list" | "cn23";
  title: string;
  fields: DocField[];
  table: { columns: string[]; rows: string[][] };
  totals: DocField[];
  footer: string[];
}

/** Single words that say nothing about the goods; customs (EU ICS2) reject them as descriptions. */
const VAGUE = new Set(["gift", "gifts", "clothes", "clothing", "goods", "merchandise", "sample", "samples", "parts", "accessories", "items", "stuff", "present"]);
const DECLARATION = "I certify that the information on this invoice is true and correct and that the contents of this shipment are as stated above.";
const CN23_CATEGORY: Record<DocumentsInput["reason"], string> = { sale: "Sale of goods", gift: "Gift", sample: "Commercial sample", return: "Returned goods", repair: "Other (repair)" };

const INDICATIVE = "Duty figures are estimates: priced at an indicative duty rate, not binding.";

const kg = (grams: number) => `${(grams / 1000).toFixed(3)} kg`;
const hsFor = (l: DocumentLine) => l.nationalCode ?? l.hsCode;

export function buildShipmentDocuments(input: DocumentsInput): ShipmentDocument[] {
  check(input);
  const money = (amount: number) => `${input.currency} ${formatMinorUnits(amount, input.currency)}`;
  const goods = input.lines.reduce((a, l) => a + l.unitValue * l.quantity, 0);
  const net = input.lines.reduce((a, l) => a + l.netWeightGrams * l.quantity, 0);
  const gross = input.packages.reduce((a, p) => a + p.grossWeightGrams, 0);
  const party = (p: Party) => [p.name, ...p.addressLines, p.country, p.phone, p.email].filter(Boolean).join(", ");

  const invoice: ShipmentDocument = {
    kind: "commercial_invoice",
    title: "Commercial Invoice",
    fields: [
      { label: "Invoice number", value: input.invoiceNumber },
      { label: "Invoice date", value: input.invoiceDate },
      { label: "Order", value: input.orderRef },
      { label: "Exporter", value: party(input.exporter) },
      { label: "Exporter tax code", value: input.exporter.taxId ?? "" },
      ...(input.exporter.eori ? [{ label: "EORI", value: input.exporter.eori }] : []),
      { label: "Importer / consignee", value: party(input.consignee) },
      ...(input.consignee.taxId ? [{ label: "Importer tax ID", value: input.consignee.taxId }] : []),
      { label: "Incoterm", value: `${input.incoterm} ${input.namedPlace} (Incoterms 2020)` },
      { label: "Reason for export", value: input.reason },
      { label: "Currency", value: input.currency },
      { label: "Packages", value: String(input.packages.length) },
      { label: "Net weight", value: kg(net) },
      { label: "Gross weight", value: kg(gross) },
      ...(input.taxPaidAtSale ? [{ label: `${input.taxPaidAtSale.scheme} number`, value: input.taxPaidAtSale.registration },
        { label: "Tax paid at sale", value: amount(input.taxPaidAtSale.amount) }] : []),
      ...dutyFields(input),
    ],
    table: {
      columns: ["SKU", "Description", "HS code", "Origin", "Qty", "Unit", "Unit value", "Line total", "Net kg"],
      rows: input.lines.map((l) => [l.sku, l.description, hsFor(l), l.origin, String(l.quantity), l.unit, money(l.unitValue), money(l.unitValue * l.quantity), kg(l.netWeightGrams * l.quantity)]),
    },
    totals: [
      { label: "Goods total", value: money(goods) },
      ...(input.discount ? [{ label: "Discount", value: `-${money(input.discount.amount)}` }] : []),
      { label: "Freight", value: money(input.freight.amount) },
      ...(input.insurance ? [{ label: "Insurance", value: money(input.insurance.amount) }] : []),
      { label: "Invoice total", value: money(goods - (input.discount?.amount ?? 0) + input.freight.amount + (input.insurance?.amount ?? 0)) },
    ],
    footer: [
      ...(input.originStatement ? [`Origin statement: ${input.originStatement}`] : []),
      ...(input.duties?.indicative ? [INDICATIVE] : []),
      `Declaration: ${DECLARATION}`, `Signed: ${input.signatory}, ${input.invoiceDate}`,
    ],
  };

  const packingList: ShipmentDocument = {
    kind: "packing_list",
    title: "Packing List",
    fields: [
      { label: "Shipment reference", value: input.shipmentRef },
      { label: "Invoice number", value: input.invoiceNumber },
      { label: "Shipper", value: party(input.exporter) },
      { label: "Consignee", value: party(input.consignee) },
      { label: "Total packages", value: String(input.packages.length) },
      { label: "Total gross weight", value: kg(gross) },
      { label: "Total net weight", value: kg(net) },
    ],
    table: {
      columns: ["Package", "Dimensions (cm)", "Gross kg", "SKU", "Description", "Qty", "HS code", "Net kg", "Marks"],
      rows: input.packages.flatMap((p) => p.contents.map((c, i) => {
        const l = input.lines.find((x) => x.sku === c.sku)!;
        return [i === 0 ? `${p.number} of ${input.packages.length}` : "", i === 0 ? `${p.lengthCm}x${p.widthCm}x${p.heightCm}` : "", i === 0 ? kg(p.grossWeightGrams) : "",
          c.sku, l.description, String(c.quantity), hsFor(l), kg(l.netWeightGrams * c.quantity), i === 0 ? (p.marks ?? []).join("; ") || "none" : ""];
      })),
    },
    totals: [{ label: "Packages", value: String(input.packages.length) }],
    footer: [`Marks and numbers: ${input.shipmentRef} / ${input.invoiceNumber}`],
  };

  const docs = [invoice, packingList];
  if (input.postal) {
    docs.push({
      kind: "cn23",
      title: "CN23 Customs Declaration",
      fields: [
        { label: "Sender", value: party(input.exporter) },
        { label: "Addressee", value: party(input.consignee) },
        { label: "Category of item", value: CN23_CATEGORY[input.reason] },
        { label: "Invoice number", value: input.invoiceNumber },
        ...(input.taxPaidAtSale ? [{ label: `${input.taxPaidAtSale.scheme} number`, value: input.taxPaidAtSale.registration }] : []),
        { label: "Total gross weight", value: kg(gross) },
      ],
      table: {
        columns: ["Detailed description", "Quantity", "Net weight", "Value", "HS tariff number", "Country of origin"],
        rows: input.lines.map((l) => [l.description, String(l.quantity), kg(l.netWeightGrams * l.quantity), money(l.unitValue * l.quantity), hsFor(l), l.origin]),
      },
      totals: [{ label: "Total value", value: money(goods) }, { label: "Postal charges", value: money(input.freight.amount) }],
      footer: [`I certify that the particulars given in this customs declaration are correct and that this item does not contain any dangerous article prohibited by postal regulations.`, `Sender's signature: ${input.signatory}, ${input.invoiceDate}`],
    });
  }
  return docs;
}

const amount = (m: Money) => `${m.currency} ${formatMinorUnits(m.amount, m.currency)}`;

/** DDP: who pays and what was prepaid; DAP: that the consignee pays on import. */
function dutyFields(input: DocumentsInput): DocField[] {
  if (input.incoterm === "DAP") return [{ label: "Duties and taxes", value: "payable by the consignee on import (DAP)" }];
  const d = input.duties;
  if (!d) return [{ label: "Duties and taxes", value: "prepaid by the seller (DDP)" }];
  return [
    { label: "Duties and taxes", value: `prepaid by the seller (DDP)${d.indicative ? ", estimate" : ""}` },
    { label: "Import duty", value: amount(d.duty) },
    { label: "Import tax", value: amount(d.tax) },
    ...(d.fees.amount ? [{ label: "Clearance fees", value: amount(d.fees) }] : []),
    ...(d.fx ? [{ label: "Exchange rate", value: `1 ${d.fx.base} = ${d.fx.rate} ${d.fx.quote} (${d.fx.source}, ${d.fx.date})` }] : []),
  ];
}

function check(input: DocumentsInput): void {
  const bad = (what: string) => {
    throw new CustomsDataError("INVALID_QUOTE_INPUT", `Cannot build documents for ${input.shipmentRef}: ${what}`, `The customs documents cannot be made: ${what}.`);
  };
  if (input.lines.length === 0) bad("the shipment has no lines");
  for (const l of input.lines) {
    if (VAGUE.has(l.description.trim().toLowerCase())) bad(`"${l.description}" on ${l.sku} is too vague for customs; describe the item (e.g. "men's knitted cotton T-shirt")`);
    if (l.hsCode.replace(/[^0-9]/g, "").length < 6) bad(`${l.sku} needs an HS code of at least 6 digits`);
    if (input.postal && input.destinationCountry === "US" && (l.nationalCode ?? "").replace(/[^0-9]/g, "").length < 10) bad(`${l.sku} needs a 10-digit HTSUS code for a US postal entry`);
  }
  for (const p of input.packages) for (const c of p.contents) if (!input.lines.some((l) => l.sku === c.sku)) bad(`package ${p.number} lists ${c.sku}, which is not on the invoice`);
}
