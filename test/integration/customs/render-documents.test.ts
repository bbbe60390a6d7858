import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderDocumentPdf } from "~/customs/render-documents.server";
import { buildShipmentDocuments } from "~/domain/customs/documents";
import { documentsInput } from "../../unit/domain/customs/documents-fixture";

/** pdftotext wraps table cells over lines; compare on collapsed whitespace. */
const flat = (s: string) => s.replace(/\s+/g, " ");

describe("renderDocumentPdf", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "corridor-docs-"));
  const docs = buildShipmentDocuments(documentsInput());

  for (const doc of docs) {
    it(`renders the ${doc.kind} to a PDF whose text carries every field, line and total`, async () => {
      // GIVEN the document data; WHEN rendered and converted with poppler
      const pdf = await renderDocumentPdf(doc);
      const file = path.join(dir, `${doc.kind}.pdf`);
      writeFileSync(file, pdf);
      execFileSync("pdftoppm", ["-png", "-r", "60", file, path.join(dir, doc.kind)]);
      const text = flat(execFileSync("pdftotext", ["-raw", file, "-"]).toString("utf8"));
      // THEN a PNG page exists and every label and value is in the text
      expect(readdirSync(dir).some((f) => f.startsWith(doc.kind) && f.endsWith(".png"))).toBe(true);
      expect(text).toContain(doc.title);
      for (const f of [...doc.fields, ...doc.totals]) {
        expect(text).toContain(`${f.label}:`);
        expect(text).toContain(flat(f.value));
      }
      for (const c of doc.table.columns) expect(text).toContain(c.split(" ")[0]!);
      for (const row of doc.table.rows) for (const cell of row) if (cell) for (const word of cell.split(" ")) expect(text).toContain(word);
      for (const line of doc.footer) expect(text).toContain(flat(line).slice(0, 40));
    });
  }

  it("keeps Vietnamese diacritics in the exporter's name", async () => {
    const pdf = await renderDocumentPdf(docs[0]!);
    const file = path.join(dir, "vi.pdf");
    writeFileSync(file, pdf);
    expect(execFileSync("pdftotext", ["-raw", file, "-"]).toString("utf8")).toContain("Công ty TNHH Lụa Hội An");
    process.stderr.write(`customs documents rendered in ${dir}\n`);
  });

  // The parsed font is shared by every document of the process (shared-pdf-font.server.ts); what
  // one document contains must not change another's bytes or text.
  const withNote = (value: string) => ({ ...docs[0]!, fields: [{ label: "Note", value }, ...docs[0]!.fields] });
  const textOf = (pdf: Buffer, name: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, pdf);
    return execFileSync("pdftotext", ["-raw", file, "-"]).toString("utf8");
  };

  it("GIVEN two documents reaching one glyph from different characters WHEN rendered one after the other THEN each reads as written", async () => {
    // GIVEN "ﬁ" (U+FB01) and "fi", which DejaVu draws with the same glyph; NFC and NFD Vietnamese
    const ligature = withNote("Café ofﬁce ﬂat, Nguyễn");
    const plain = withNote("Cafe office flat, " + "Nguyễn".normalize("NFD"));
    const creationDate = new Date("2026-12-01T00:00:00Z");
    // WHEN each is rendered, then the other, then each again
    const ligature1 = await renderDocumentPdf(ligature, { creationDate });
    const plain1 = await renderDocumentPdf(plain, { creationDate });
    const ligature2 = await renderDocumentPdf(ligature, { creationDate });
    const plain2 = await renderDocumentPdf(plain, { creationDate });
    // THEN the text extracted is the characters each was given, and the bytes never change
    expect(textOf(ligature2, "ligature.pdf")).toContain("Note: Café ofﬁce ﬂat, Nguyễn");
    expect(textOf(plain2, "plain.pdf").normalize("NFC")).toContain("Note: Cafe office flat, Nguyễn");
    expect(ligature2.equals(ligature1)).toBe(true);
    expect(plain2.equals(plain1)).toBe(true);
  });
});
