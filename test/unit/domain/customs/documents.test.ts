import { describe, expect, it } from "vitest";
import { buildShipmentDocuments } from "~/domain/customs/documents";
import { documentsInput } from "./documents-fixture";

describe("buildShipmentDocuments", () => {
  it("builds an invoice, a packing list and, for a postal lane, a CN23 with the same line data", () => {
    const [invoice, packing, cn23] = buildShipmentDocuments(documentsInput());
    expect([invoice!.kind, packing!.kind, cn23!.kind]).toEqual(["commercial_invoice", "packing_list", "cn23"]);
    // the destination's national code wins over the HS6 where known, on every document
    expect(invoice!.table.rows[0]).toContain("6109100010");
    expect(cn23!.table.rows[0]).toContain("6109100010");
    // goods 2 × 20 + 35 = 75.00; invoice total adds freight 10.00
    expect(invoice!.totals).toContainEqual({ label: "Goods total", value: "EUR 75.00" });
    expect(invoice!.totals).toContainEqual({ label: "Invoice total", value: "EUR 85.00" });
    // IOSS number and tax paid at sale prevent double VAT at the border
    expect(invoice!.fields).toContainEqual({ label: "IOSS number", value: "IM2760000001" });
    expect(invoice!.fields).toContainEqual({ label: "Tax paid at sale", value: "EUR 17.29" });
    // net 2 × 180 + 60 = 420 g; gross from the package 520 g
    expect(invoice!.fields).toContainEqual({ label: "Net weight", value: "0.420 kg" });
    expect(packing!.fields).toContainEqual({ label: "Total gross weight", value: "0.520 kg" });
    expect(cn23!.fields).toContainEqual({ label: "Category of item", value: "Sale of goods" });
  });

  it("builds no CN23 for a courier lane", () => {
    expect(buildShipmentDocuments({ ...documentsInput(), postal: false }).map((d) => d.kind)).toEqual(["commercial_invoice", "packing_list"]);
  });

  it("refuses a vague description that customs would reject", () => {
    const input = documentsInput();
    input.lines[1]!.description = "Gift";
    expect(() => buildShipmentDocuments(input)).toThrow(/too vague/);
  });

  it("requires a 10-digit HTSUS code on a US postal entry", () => {
    const input = { ...documentsInput(), destinationCountry: "US" };
    expect(() => buildShipmentDocuments(input)).toThrow(/SCARF-SILK needs a 10-digit HTSUS code/);
  });

  it("states the prepaid duty and tax, the FX rate and 'estimate' on a DDP invoice priced at an indicative rate", () => {
    // GIVEN a DDP shipment whose quote converted USD → EUR and used an unsourced duty rate
    const fx = { base: "USD", quote: "EUR", rate: 0.94, source: "reference table", date: "2026-11-24" };
    const [invoice] = buildShipmentDocuments({ ...documentsInput(), duties: { duty: { amount: 600, currency: "EUR" }, tax: { amount: 1729, currency: "EUR" }, fees: { amount: 0, currency: "EUR" }, indicative: true, fx } });
    // THEN the invoice says who pays and how much, names the FX source and date, and warns it is an estimate
    expect(invoice!.fields).toContainEqual({ label: "Incoterm", value: "DDP Berlin, DE (Incoterms 2020)" });
    expect(invoice!.fields).toContainEqual({ label: "Duties and taxes", value: "prepaid by the seller (DDP), estimate" });
    expect(invoice!.fields).toContainEqual({ label: "Import duty", value: "EUR 6.00" });
    expect(invoice!.fields).toContainEqual({ label: "Import tax", value: "EUR 17.29" });
    expect(invoice!.fields).toContainEqual({ label: "Exchange rate", value: "1 USD = 0.94 EUR (reference table, 2026-11-24)" });
    expect(invoice!.fields.some((f) => f.label === "Clearance fees")).toBe(false);
    expect(invoice!.footer.join(" ")).toContain("indicative duty rate, not binding");
  });

  it("says the consignee pays on import on a DAP invoice, with no amounts", () => {
    const [invoice] = buildShipmentDocuments({ ...documentsInput(), incoterm: "DAP", duties: { duty: { amount: 600, currency: "EUR" }, tax: { amount: 0, currency: "EUR" }, fees: { amount: 0, currency: "EUR" }, indicative: false } });
    expect(invoice!.fields).toContainEqual({ label: "Duties and taxes", value: "payable by the consignee on import (DAP)" });
    expect(invoice!.fields.some((f) => f.label === "Import duty")).toBe(false);
  });

  it("refuses a package listing a SKU that is not on the invoice", () => {
    const input = documentsInput();
    input.packages[0]!.contents.push({ sku: "GHOST", quantity: 1 });
    expect(() => buildShipmentDocuments(input)).toThrow(/GHOST/);
  });
});
