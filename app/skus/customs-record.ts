/**
 * A SKU's stored customs data (the `skus` row's customs columns), how a parsed patch applies to it,
 * and the checks that span fields. Cross-field checks run on the merged record, not the patch, so a
 * CSV row that only sets `lithium` is checked against the watt-hours already stored.
 */
import type { DangerousGoodsDetail } from "../domain/customs/screen-dangerous-goods";
import { currencyExponent, formatMinorUnits, toMinorUnits } from "../domain/money";
import { type CustomsColumn, type CustomsFieldsPatch, type FieldError, NATIONAL_HS_KEYS, nationalColumn, nationalVars, type NationalHsKey } from "./customs-fields";

export interface SkuCustoms {
  hsCode: string | null;
  /** National tariff codes by rule set: { US: "6109100012", EU: "61091000" } (EU covers every member state). */
  hsCodesByCountry: Record<string, string>;
  countryOfOrigin: string | null;
  customsDescription: string | null;
  /** Minor units of `currency`. */
  unitValue: number | null;
  currency: string | null;
  weightGrams: number;
  material: string | null;
  dangerousGoods: DangerousGoodsDetail;
}

export const EMPTY_CUSTOMS: SkuCustoms = {
  hsCode: null, hsCodesByCountry: {}, countryOfOrigin: null, customsDescription: null, unitValue: null, currency: null, weightGrams: 0, material: null, dangerousGoods: {},
};

/** Sets `key` to `value`, deletes it for null, leaves it for undefined. */
function patchKey<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | null | undefined): void {
  if (value === null) delete target[key];
  else if (value !== undefined) target[key] = value;
}

/**
 * Applies a patch. The unit value stays a decimal string until here because its minor units depend
 * on the currency, which may come from the row or from the stored record.
 */
export function applyCustomsPatch(current: SkuCustoms, patch: CustomsFieldsPatch): { record: SkuCustoms; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const next: SkuCustoms = { ...current, hsCodesByCountry: { ...current.hsCodesByCountry }, dangerousGoods: { ...current.dangerousGoods } };
  const set = <K extends keyof SkuCustoms>(key: K, value: SkuCustoms[K] | null | undefined) => {
    if (value !== undefined) next[key] = value as SkuCustoms[K];
  };
  set("hsCode", patch.hs_code);
  for (const key of NATIONAL_HS_KEYS) patchKey(next.hsCodesByCountry, key, patch[nationalColumn(key)]);
  set("countryOfOrigin", patch.country_of_origin);
  set("customsDescription", patch.customs_description);
  set("currency", patch.currency);
  set("material", patch.material);
  if (patch.weight_grams !== undefined) next.weightGrams = patch.weight_grams ?? 0;
  if (patch.unit_value === null) next.unitValue = null;
  else if (patch.unit_value !== undefined) {
    if (!next.currency) errors.push({ field: "currency", key: "skus.error.currencyNeeded" });
    else {
      const exp = currencyExponent(next.currency);
      const decimals = patch.unit_value.split(".")[1]?.length ?? 0;
      if (decimals > exp) errors.push({ field: "unit_value", key: "skus.error.unitValueDecimals", vars: { currency: next.currency, decimals: exp } });
      else next.unitValue = toMinorUnits(patch.unit_value, next.currency);
    }
  }
  const dg = next.dangerousGoods;
  patchKey(dg, "lithium", patch.lithium === "none" ? null : patch.lithium);
  patchKey(dg, "wattHours", patch.watt_hours);
  patchKey(dg, "wattHoursPerCell", patch.watt_hours_per_cell);
  patchKey(dg, "lithiumGramsPerBattery", patch.lithium_grams);
  patchKey(dg, "stateOfChargePct", patch.state_of_charge_pct);
  patchKey(dg, "otherClasses", patch.other_dg_classes?.length === 0 ? null : patch.other_dg_classes);
  // A national code extends the HS subheading: its first six digits are the HS code when none is given.
  const firstNational = NATIONAL_HS_KEYS.map((k) => next.hsCodesByCountry[k]).find(Boolean);
  if (!next.hsCode && firstNational) next.hsCode = firstNational.slice(0, 6);
  return { record: next, errors: [...errors, ...checkCustomsRecord(next)] };
}

/** Checks that span fields, on the record as it would be stored. */
export function checkCustomsRecord(r: SkuCustoms): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of NATIONAL_HS_KEYS) {
    const code = r.hsCodesByCountry[key];
    if (code && r.hsCode && !code.startsWith(r.hsCode)) errors.push({ field: nationalColumn(key), key: "skus.error.hsNationalPrefix", vars: { ...nationalVars(key), hsCode: r.hsCode } });
  }
  if (r.unitValue !== null && !r.currency) errors.push({ field: "currency", key: "skus.error.currencyNeeded" });
  const li = r.dangerousGoods.lithium;
  const ion = li?.startsWith("ion") ?? false;
  // Routing blocks every air lane for a Li-ion SKU without Wh (DG_WATT_HOURS_MISSING): say so here, where it is fixed.
  if (ion && r.dangerousGoods.wattHours === undefined) errors.push({ field: "watt_hours", key: "skus.error.wattHoursNeeded" });
  if (!ion && r.dangerousGoods.stateOfChargePct !== undefined) errors.push({ field: "state_of_charge_pct", key: "skus.error.socIonOnly" });
  if (!li && (r.dangerousGoods.wattHours !== undefined || r.dangerousGoods.lithiumGramsPerBattery !== undefined)) {
    errors.push({ field: "lithium", key: "skus.error.lithiumKindNeeded" });
  }
  return errors;
}

const num = (n: number | undefined) => (n === undefined ? "" : String(n));

/** The record as the flat text fields the form shows and the CSV export writes. */
export function customsToFields(sku: string, r: SkuCustoms): Record<CustomsColumn, string> {
  const national = Object.fromEntries(NATIONAL_HS_KEYS.map((k: NationalHsKey) => [nationalColumn(k), r.hsCodesByCountry[k] ?? ""]));
  return {
    sku,
    hs_code: r.hsCode ?? "",
    ...(national as Record<`hs_${Lowercase<NationalHsKey>}`, string>),
    country_of_origin: r.countryOfOrigin ?? "",
    customs_description: r.customsDescription ?? "",
    unit_value: r.unitValue !== null && r.currency ? formatMinorUnits(r.unitValue, r.currency) : "",
    currency: r.currency ?? "",
    weight_grams: String(r.weightGrams),
    material: r.material ?? "",
    lithium: r.dangerousGoods.lithium ?? "none",
    watt_hours: num(r.dangerousGoods.wattHours),
    watt_hours_per_cell: num(r.dangerousGoods.wattHoursPerCell),
    lithium_grams: num(r.dangerousGoods.lithiumGramsPerBattery),
    state_of_charge_pct: num(r.dangerousGoods.stateOfChargePct),
    other_dg_classes: (r.dangerousGoods.otherClasses ?? []).join(";"),
  };
}

export const sameCustoms = (a: SkuCustoms, b: SkuCustoms) => JSON.stringify(customsToFields("", a)) === JSON.stringify(customsToFields("", b));
