/** A two-line VN → DE postal shipment for the document tests (IOSS seller, one lithium-free parcel). */
import type { DocumentsInput } from "~/domain/customs/documents";

export const documentsInput = (): DocumentsInput => ({
  shipmentRef: "SHP-1001-1",
  invoiceNumber: "INV-2026-0001",
  invoiceDate: "2026-12-01",
  orderRef: "shopify:1001",
  exporter: { name: "Công ty TNHH Lụa Hội An", addressLines: ["12 Nguyễn Thái Học", "Hội An"], country: "VN", taxId: "4000123456", phone: "+84 235 386 1234" },
  consignee: { name: "Anna Schmidt", addressLines: ["Hauptstr. 5", "10115 Berlin"], country: "DE", email: "anna@example.com" },
  incoterm: "DDP",
  namedPlace: "Berlin, DE",
  reason: "sale",
  currency: "EUR",
  lines: [
    { sku: "TEE-COT-M", description: "men's knitted cotton T-shirt", hsCode: "6109.10", nationalCode: "6109100010", origin: "VN", quantity: 2, unit: "pcs", unitValue: 2000, netWeightGrams: 180 },
    { sku: "SCARF-SILK", description: "women's silk scarf, woven", hsCode: "6214.10", origin: "VN", quantity: 1, unit: "pcs", unitValue: 3500, netWeightGrams: 60 },
  ],
  freight: { amount: 1000, currency: "EUR" },
  packages: [{ number: 1, lengthCm: 30, widthCm: 20, heightCm: 5, grossWeightGrams: 520, contents: [{ sku: "TEE-COT-M", quantity: 2 }, { sku: "SCARF-SILK", quantity: 1 }] }],
  taxPaidAtSale: { scheme: "IOSS", registration: "IM2760000001", amount: { amount: 1729, currency: "EUR" } },
  originStatement: "The exporter of the products covered by this document declares that, except where otherwise clearly indicated, these products are of Vietnam preferential origin.",
  postal: true,
  destinationCountry: "DE",
  signatory: "Nguyen Van An",
});
