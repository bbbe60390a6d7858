/**
 * The shop's customs data as the CSV the import reads (same columns, same units), so a merchant can
 * download it, fill the gaps in a spreadsheet and upload it again: re-importing it unchanged changes nothing.
 */
import { asc, eq } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { skus } from "../db/schema";
import { CUSTOMS_COLUMNS } from "./customs-fields";
import { customsToFields } from "./customs-record";
import { MAX_CSV_ROWS } from "./import-customs-csv.server";
import { customsOf } from "./sku-customs.server";

/** RFC 4180: quote a cell holding a separator, a quote, a line break or edge spaces. */
const cell = (v: string) => (/[",;\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export async function exportCustomsCsv(db: Database, shopId: number): Promise<{ csv: string; rows: number; truncated: boolean }> {
  const rows = await db.select().from(skus).where(eq(skus.shopId, shopId)).orderBy(asc(skus.sku)).limit(MAX_CSV_ROWS + 1);
  const kept = rows.slice(0, MAX_CSV_ROWS);
  const lines = [CUSTOMS_COLUMNS.join(","), ...kept.map((r) => {
    const fields = customsToFields(r.sku, customsOf(r));
    return CUSTOMS_COLUMNS.map((c) => cell(fields[c])).join(",");
  })];
  return { csv: `${lines.join("\r\n")}\r\n`, rows: kept.length, truncated: rows.length > MAX_CSV_ROWS };
}
