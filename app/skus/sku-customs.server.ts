/**
 * Reads and writes SKUs' customs data, always scoped by shop: the products pages, the CSV import
 * and the Shopify pull all go through here. Lists are keyset-paginated on (shop_id, sku), the
 * unique index skus_shop_sku_key.
 */
import { and, asc, count, eq, gt, ilike, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { skus } from "../db/schema";
import type { DangerousGoodsDetail } from "../domain/customs/screen-dangerous-goods";
import { parseCustomsFields, type FieldError, type RawFields } from "./customs-fields";
import { applyCustomsPatch, EMPTY_CUSTOMS, type SkuCustoms } from "./customs-record";
import type { SkuFilter } from "./sku-filters";

export const PAGE_SIZE = 50;

type SkuRow = typeof skus.$inferSelect;

export const customsOf = (row: SkuRow): SkuCustoms => ({
  hsCode: row.hsCode,
  hsCodesByCountry: row.hsCodesByCountry,
  countryOfOrigin: row.countryOfOrigin,
  customsDescription: row.customsDescription,
  unitValue: row.unitValue,
  currency: row.currency,
  weightGrams: row.weightGrams,
  material: row.material,
  dangerousGoods: row.dangerousGoods as DangerousGoodsDetail,
});

/** The columns a customs record writes (never shop, SKU or channel refs). */
export const customsColumns = (r: SkuCustoms) => ({
  hsCode: r.hsCode,
  hsCodesByCountry: r.hsCodesByCountry,
  countryOfOrigin: r.countryOfOrigin,
  customsDescription: r.customsDescription,
  unitValue: r.unitValue,
  currency: r.currency,
  weightGrams: r.weightGrams,
  material: r.material,
  dangerousGoods: r.dangerousGoods,
});

/** For an upsert's ON CONFLICT: every customs column takes the inserted row's value. */
export const customsFromExcluded = (): Record<string, SQL> =>
  Object.fromEntries(Object.keys(customsColumns(EMPTY_CUSTOMS)).map((k) => [k, sql.raw(`excluded.${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`)]));

const isDangerous = sql`(coalesce(${skus.dangerousGoods} ->> 'lithium', 'none') <> 'none' or jsonb_array_length(coalesce(${skus.dangerousGoods} -> 'otherClasses', '[]'::jsonb)) > 0)`;
const FILTER_SQL: Record<SkuFilter, SQL> = {
  missing_hs: or(isNull(skus.hsCode), eq(skus.hsCode, ""))!,
  missing_origin: or(isNull(skus.countryOfOrigin), eq(skus.countryOfOrigin, ""))!,
  dangerous: isDangerous,
};

export interface SkuListFilters {
  search?: string;
  filter?: SkuFilter;
  /** The last SKU of the previous page. */
  after?: string;
}

export async function listSkus(db: Database, shopId: number, f: SkuListFilters) {
  const like = f.search ? `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const rows = await db
    .select({
      id: skus.id, sku: skus.sku, title: skus.title, hsCode: skus.hsCode, countryOfOrigin: skus.countryOfOrigin,
      customsDescription: skus.customsDescription, dangerousGoods: skus.dangerousGoods, hsCodesByCountry: skus.hsCodesByCountry,
    })
    .from(skus)
    .where(
      and(
        eq(skus.shopId, shopId),
        f.filter ? FILTER_SQL[f.filter] : undefined,
        like ? or(ilike(skus.sku, like), ilike(skus.title, like), ilike(skus.customsDescription, like)) : undefined,
        f.after ? gt(skus.sku, f.after) : undefined,
      ),
    )
    .orderBy(asc(skus.sku))
    .limit(PAGE_SIZE + 1);
  const page = rows.slice(0, PAGE_SIZE);
  return { rows: page, nextCursor: rows.length > PAGE_SIZE ? page.at(-1)!.sku : null };
}

/** How many SKUs each filter would show: the merchant's to-do list. */
export async function countSkuGaps(db: Database, shopId: number) {
  const [row] = await db
    .select({
      total: count(),
      missing_hs: sql<number>`count(*) filter (where ${FILTER_SQL.missing_hs})`.mapWith(Number),
      missing_origin: sql<number>`count(*) filter (where ${FILTER_SQL.missing_origin})`.mapWith(Number),
      dangerous: sql<number>`count(*) filter (where ${isDangerous})`.mapWith(Number),
    })
    .from(skus)
    .where(eq(skus.shopId, shopId));
  return row!;
}

export async function findSku(db: Database, shopId: number, id: number): Promise<SkuRow | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const [row] = await db.select().from(skus).where(and(eq(skus.id, id), eq(skus.shopId, shopId)));
  return row;
}

export type SaveResult = { ok: true } | { ok: false; errors: FieldError[] } | { ok: false; notFound: true };

/** The edit form: every field is sent, so a blank one clears the stored value. */
export async function saveSkuCustoms(db: Database, shopId: number, id: number, raw: RawFields): Promise<SaveResult> {
  const row = await findSku(db, shopId, id);
  if (!row) return { ok: false, notFound: true };
  const parsed = parseCustomsFields(raw, { blank: "clear" });
  if (!parsed.ok) return parsed;
  const { record, errors } = applyCustomsPatch(customsOf(row), parsed.patch);
  if (errors.length) return { ok: false, errors };
  await db.update(skus).set(customsColumns(record)).where(and(eq(skus.id, id), eq(skus.shopId, shopId)));
  return { ok: true };
}
