/**
 * Renders shipment documents (app/domain/customs/documents.ts) to PDF with pdfkit. Layout only: every
 * word comes from the document data, so what customs reads is what the pure core built and tested.
 */
import { existsSync, readFileSync } from "node:fs";
import PDFDocument from "pdfkit";
import type { ShipmentDocument } from "../domain/customs/documents";
import { registerSharedFont } from "./shared-pdf-font.server";

/**
 * pdfkit's built-in Helvetica is WinAnsi-only: Vietnamese names (ư, ơ, đ) would come out wrong, so a
 * Unicode TrueType font is embedded when one is installed; otherwise text is folded to ASCII.
 */
const UNICODE_FONTS = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
  "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
];
const BOLD_OF: Record<string, string> = {
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
  "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf": "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
  "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf": "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
};

export interface RenderOptions {
  /**
   * A TrueType font with the scripts needed; default: the first installed of UNICODE_FONTS. `null`:
   * pdfkit's built-in Helvetica with text folded to ASCII, as when none is installed (the bench's baseline).
   */
  fontFile?: string | null;
  /**
   * The PDF's creation date (default now). pdfkit derives the file ID and font subset tags from it,
   * so the same document with the same date renders to the same bytes.
   */
  creationDate?: Date;
}

const fontCache = new Map<string, Buffer>();
function fontBytes(file: string): Buffer {
  let bytes = fontCache.get(file);
  if (!bytes) fontCache.set(file, (bytes = readFileSync(file)));
  return bytes;
}

const toAscii = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").replace(/[^\x20-\x7e€]/g, "?");

export function renderDocumentPdf(docData: ShipmentDocument, opts: RenderOptions = {}): Promise<Buffer> {
  const fontFile = opts.fontFile === null ? undefined : (opts.fontFile ?? UNICODE_FONTS.find((f) => existsSync(f)));
  const boldFile = fontFile && BOLD_OF[fontFile] && existsSync(BOLD_OF[fontFile]) ? BOLD_OF[fontFile] : fontFile;
  const text = fontFile ? (s: string) => s : toAscii;
  // With our own font, no default one: pdfkit would parse Helvetica's AFM metrics for every document.
  const defaultFont = fontFile ? ({ font: null } as unknown as { font: string }) : {};
  const doc = new PDFDocument({ size: "A4", layout: "landscape", margin: 36, ...defaultFont, info: { Title: docData.title, CreationDate: opts.creationDate ?? new Date() } });
  // Read and parsed once per process, not per document (a DejaVu file is ~750 kB; parsing it is ~90% of the CPU).
  if (fontFile) registerSharedFont(doc, "corridor-regular", fontBytes(fontFile));
  if (boldFile) registerSharedFont(doc, "corridor-bold", fontBytes(boldFile));
  const regular = fontFile ? "corridor-regular" : "Helvetica";
  const bold = boldFile ? "corridor-bold" : "Helvetica-Bold";
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const width = doc.page.width - 72;
  doc.font(bold).fontSize(16).text(text(docData.title), { align: "left" });
  doc.moveDown(0.5);
  for (const f of docData.fields) {
    doc.font(bold).fontSize(9).text(`${text(f.label)}: `, { continued: true }).font(regular).text(text(f.value || "-"));
  }
  doc.moveDown(0.6);

  // Table: column widths proportional to the longest cell, so descriptions get the room.
  const { columns, rows } = docData.table;
  const longest = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? "").length), 4));
  const sum = longest.reduce((a, b) => a + b, 0);
  const widths = longest.map((l) => (l / sum) * width);
  const drawRow = (cells: string[], font: string) => {
    doc.font(font).fontSize(8);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(text(c), { width: widths[i]! - 4 }))) + 4;
    if (doc.y + height > doc.page.height - 72) doc.addPage();
    const y = doc.y;
    let x = 36;
    cells.forEach((c, i) => {
      doc.text(text(c), x + 2, y + 2, { width: widths[i]! - 4 });
      x += widths[i]!;
    });
    doc.moveTo(36, y + height).lineTo(36 + width, y + height).lineWidth(0.3).stroke();
    doc.x = 36;
    doc.y = y + height;
  };
  drawRow(columns, bold);
  for (const r of rows) drawRow(r, regular);
  doc.moveDown(0.8);

  for (const t of docData.totals) {
    doc.font(bold).fontSize(9).text(`${text(t.label)}: `, { continued: true }).font(regular).text(text(t.value));
  }
  doc.moveDown(0.8);
  for (const line of docData.footer) doc.font(regular).fontSize(8).text(text(line), { width });
  doc.end();
  return done;
}
