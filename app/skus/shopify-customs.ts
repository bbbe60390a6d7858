/**
 * What Shopify's inventory item adds to a SKU's customs data. Pure. Only EMPTY fields are filled
 * (no HS code, no origin, weight 0, no national code for that destination): anything the merchant
 * typed in Corridor or imported by CSV stays as it is. Each Shopify value goes through the same
 * schema as a merchant's; one that fails is skipped with its reason, the others still apply.
 */
import { weightToGrams } from "../channels/shopify/normalize-graphql-order";
import { ruleSetIdFor } from "../domain/customs/lookup-rules";
import type { CorridorInventoryItemsCustomsQuery } from "../types/admin.generated";
import { NATIONAL_HS_KEYS, nationalColumn, parseCustomsFields, type CustomsColumn, type FieldError, type NationalHsKey } from "./customs-fields";
import { applyCustomsPatch, type SkuCustoms } from "./customs-record";

export type ShopifyInventoryItem = CorridorInventoryItemsCustomsQuery["inventoryItems"]["nodes"][number];

/** Shopify's per-country code → Corridor's key: the country itself, or "EU" for a member state. */
function nationalKeyOf(countryCode: string): NationalHsKey | undefined {
  const key = (ruleSetIdFor(countryCode) === "EU" ? "EU" : countryCode) as NationalHsKey;
  return NATIONAL_HS_KEYS.includes(key) ? key : undefined;
}

/** The fields Shopify knows that Corridor has empty, as merchant-style text. */
function candidates(current: SkuCustoms, item: ShopifyInventoryItem): Partial<Record<CustomsColumn, string>> {
  const out: Partial<Record<CustomsColumn, string>> = {};
  const hs = item.harmonizedSystemCode?.replace(/\D/g, "") ?? "";
  // Shopify's generic code may carry a national extension; its first six digits are the HS subheading.
  if (!current.hsCode && hs) out.hs_code = hs.length >= 6 ? hs.slice(0, 6) : hs;
  for (const { countryCode, harmonizedSystemCode } of item.countryHarmonizedSystemCodes.nodes) {
    const key = nationalKeyOf(countryCode);
    if (key && !current.hsCodesByCountry[key] && !out[nationalColumn(key)]) out[nationalColumn(key)] = harmonizedSystemCode;
  }
  if (!current.countryOfOrigin && item.countryCodeOfOrigin) out.country_of_origin = item.countryCodeOfOrigin;
  if (current.weightGrams === 0) {
    const grams = weightToGrams(item.measurement.weight);
    if (grams > 0) out.weight_grams = String(grams);
  }
  return out;
}

export interface ShopifyFill {
  record: SkuCustoms;
  filled: CustomsColumn[];
  skipped: FieldError[];
}

export function fillFromShopify(current: SkuCustoms, item: ShopifyInventoryItem): ShopifyFill {
  let record = current;
  const filled: CustomsColumn[] = [];
  const skipped: FieldError[] = [];
  // The HS code first: national codes are checked against it.
  for (const [column, value] of Object.entries(candidates(current, item)) as [CustomsColumn, string][]) {
    const parsed = parseCustomsFields({ [column]: value }, { blank: "keep" });
    if (!parsed.ok) {
      skipped.push(...parsed.errors);
      continue;
    }
    const applied = applyCustomsPatch(record, parsed.patch);
    // Only errors this field introduced count; an old gap (say, Li-ion without Wh) is not Shopify's to fix.
    const before = new Set(applyCustomsPatch(record, {}).errors.map((e) => `${e.field}:${e.key}`));
    const introduced = applied.errors.filter((e) => !before.has(`${e.field}:${e.key}`));
    if (introduced.length) skipped.push(...introduced);
    else {
      record = applied.record;
      filled.push(column);
    }
  }
  return { record, filled, skipped };
}
