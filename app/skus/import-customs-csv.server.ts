/**
 * The customs CSV import behind the products page's upload and `corridor skus import`: one row per
 * SKU, columns named as in CUSTOMS_COLUMNS (any subset beside `sku`; blank cells leave the stored
 * value alone). Every row is checked with the shared schema; good rows are written, bad ones are
 * reported with their line number and per-field reasons. Re-importing the same file changes nothing.
 *
 * Parsing uses csv-parse (node-csv, maintained since 2010): it handles RFC 4180 quoting, quoted
 * newlines and a spreadsheet's BOM, and reports the line each record ends on, which the rejections
 * need. Hand-rolled splitting on commas would break on "cotton, knitted" descriptions.
 */
import { CsvError, parse } from "csv-parse/sync";
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { skus } from "../db/schema";
import type { MessageKey, MessageVars } from "../i18n/translate";
import { CUSTOMS_COLUMNS, parseCustomsFields, type CustomsColumn, type FieldError } from "./customs-fields";
import { applyCustomsPatch, EMPTY_CUSTOMS, sameCustoms, type SkuCustoms } from "./customs-record";
import { customsColumns, customsFromExcluded, customsOf } from "./sku-customs.server";

export const MAX_CSV_BYTES = 5 * 1024 * 1024;
export const MAX_CSV_ROWS = 20_000;
const BATCH = 500;

export interface RejectedRow {
  /** 1-based line of the file the row ends on (the header is line 1). */
  line: number;
  sku: string;
  errors: FieldError[];
}

export interface CsvImportSummary {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
  dryRun: boolean;
}

/** A problem with the file as a whole (no row was written). */
export class CsvFileError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly vars: MessageVars = {},
  ) {
    super(`${key} ${JSON.stringify(vars)}`);
  }
}

const normaliseHeader = (h: string) => h.trim().toLowerCase().replace(/[\s-]+/g, "_");

/** Spreadsheets in many locales save with ";" (or tabs); the header line says which. */
function sniffDelimiter(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const counts = [",", ";", "\t"].map((d) => [d, header.split(d).length] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

interface ParsedRow {
  line: number;
  fields: Record<string, string>;
}

export function readCustomsCsv(text: string): ParsedRow[] {
  if (Buffer.byteLength(text) > MAX_CSV_BYTES) throw new CsvFileError("skus.csv.tooLarge", { mb: MAX_CSV_BYTES / 1024 / 1024 });
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter: sniffDelimiter(text.replace(/^\uFEFF/, "")),
      columns: (header: string[]) => {
        const names = header.map(normaliseHeader);
        const unknown = names.filter((n) => !CUSTOMS_COLUMNS.includes(n as CustomsColumn));
        if (unknown.length) throw new CsvFileError("skus.csv.unknownColumns", { columns: unknown.join(", "), known: CUSTOMS_COLUMNS.join(", ") });
        if (!names.includes("sku")) throw new CsvFileError("skus.csv.noSkuColumn");
        return names;
      },
      skip_empty_lines: true,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvFileError) throw error;
    if (error instanceof CsvError) throw new CsvFileError("skus.csv.malformed", { line: (error as CsvError & { lines?: number }).lines ?? 0, reason: error.message });
    throw error;
  }
  if (records.length > MAX_CSV_ROWS) throw new CsvFileError("skus.csv.tooManyRows", { max: MAX_CSV_ROWS });
  return records.map((r) => ({ line: r.info.lines, fields: r.record }));
}

type Planned = { sku: string; record: SkuCustoms; kind: "created" | "updated" | "unchanged" };

export async function importCustomsCsv(
  db: Database,
  shopId: number,
  text: string,
  opts: { dryRun?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<CsvImportSummary> {
  const rows = readCustomsCsv(text);
  const summary: CsvImportSummary = { rows: rows.length, created: 0, updated: 0, unchanged: 0, rejected: [], dryRun: Boolean(opts.dryRun) };
  const firstLine = new Map<string, number>();
  const valid: { line: number; sku: string; patch: Extract<ReturnType<typeof parseCustomsFields>, { ok: true }>["patch"] }[] = [];
  for (const row of rows) {
    const sku = (row.fields.sku ?? "").trim();
    const parsed = parseCustomsFields(row.fields, { blank: "keep" });
    if (!sku) summary.rejected.push({ line: row.line, sku, errors: [{ field: "sku", key: "skus.error.sku" }] });
    else if (firstLine.has(sku)) summary.rejected.push({ line: row.line, sku, errors: [{ field: "sku", key: "skus.csv.duplicateSku", vars: { line: firstLine.get(sku)! } }] });
    else if (!parsed.ok) summary.rejected.push({ line: row.line, sku, errors: parsed.errors });
    else valid.push({ line: row.line, sku, patch: parsed.patch });
    if (sku && !firstLine.has(sku)) firstLine.set(sku, row.line);
  }

  for (let i = 0; i < valid.length; i += BATCH) {
    const batch = valid.slice(i, i + BATCH);
    await db.transaction(async (tx) => {
      // Locked so an admin edit between this read and the write below is not overwritten with stale data.
      const stored = await tx.select().from(skus).where(and(eq(skus.shopId, shopId), inArray(skus.sku, batch.map((b) => b.sku)))).for("update");
      const bySku = new Map(stored.map((r) => [r.sku, r]));
      const planned: Planned[] = [];
      for (const row of batch) {
        const existing = bySku.get(row.sku);
        const current = existing ? customsOf(existing) : EMPTY_CUSTOMS;
        const { record, errors } = applyCustomsPatch(current, row.patch);
        if (errors.length) summary.rejected.push({ line: row.line, sku: row.sku, errors });
        else planned.push({ sku: row.sku, record, kind: !existing ? "created" : sameCustoms(current, record) ? "unchanged" : "updated" });
      }
      for (const p of planned) summary[p.kind] += 1;
      const writes = planned.filter((p) => p.kind !== "unchanged");
      if (opts.dryRun || writes.length === 0) return;
      await tx
        .insert(skus)
        .values(writes.map((p) => ({ shopId, sku: p.sku, ...customsColumns(p.record) })))
        .onConflictDoUpdate({
          target: [skus.shopId, skus.sku],
          set: customsFromExcluded(),
        });
    });
    opts.onProgress?.(Math.min(i + BATCH, valid.length), valid.length);
  }
  summary.rejected.sort((a, b) => a.line - b.line);
  return summary;
}
