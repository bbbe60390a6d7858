/**
 * A SKU's customs data as merchants write it: flat text fields named like the CSV columns, parsed by
 * ONE zod schema that the admin form, the CSV import (admin and `corridor skus import`) share. Pure,
 * so the form can also use the vocabularies below. Errors are i18n message keys with their
 * placeholders, attached to the field they concern, so each surface shows them in its own language.
 *
 * Blank cells mean different things per surface: the form sends every field, so a blank clears it;
 * a CSV row leaves blank cells untouched, so a partial sheet never wipes data (`blank: "keep"`).
 */
import { z } from "zod";
import type { MessageKey, MessageVars } from "../i18n/translate";

/** Digits of the national tariff code per destination rule set (cross-border.md §4.1, issue #10). */
export const NATIONAL_HS_DIGITS = { US: [10], EU: [8, 10], GB: [10], JP: [9], AU: [8], CA: [10] } as const satisfies Record<string, readonly number[]>;
export type NationalHsKey = keyof typeof NATIONAL_HS_DIGITS;
export const NATIONAL_HS_KEYS = Object.keys(NATIONAL_HS_DIGITS) as NationalHsKey[];
export const nationalColumn = (key: NationalHsKey) => `hs_${key.toLowerCase()}` as `hs_${Lowercase<NationalHsKey>}`;

/** The canonical lithium kinds (app/domain/order.ts) with the UN number each ships under. */
export const LITHIUM_KINDS = {
  none: null,
  ion_loose: "UN3480",
  ion_in_equipment: "UN3481",
  ion_with_equipment: "UN3481",
  metal_loose: "UN3090",
  metal_in_equipment: "UN3091",
  metal_with_equipment: "UN3091",
} as const;
export type LithiumKind = keyof typeof LITHIUM_KINDS;
const LITHIUM_VALUES = Object.keys(LITHIUM_KINDS) as [LithiumKind, ...LithiumKind[]];
/** UN numbers that name one kind; UN3481 / UN3091 do not say whether the battery is installed or packed with. */
const LITHIUM_ALIASES: Record<string, LithiumKind> = { UN3480: "ion_loose", UN3090: "metal_loose" };

/** Restricted classes routing screens (app/domain/customs/screen-dangerous-goods.ts, warehouses' lists). */
export const OTHER_DG_CLASSES = ["flammable_liquid", "aerosol", "compressed_gas", "magnetized", "matches", "lighters"] as const;
export type OtherDgClass = (typeof OTHER_DG_CLASSES)[number];

export const CUSTOMS_COLUMNS = [
  "sku", "hs_code", ...NATIONAL_HS_KEYS.map(nationalColumn), "country_of_origin", "customs_description", "unit_value", "currency",
  "weight_grams", "material", "lithium", "watt_hours", "watt_hours_per_cell", "lithium_grams", "state_of_charge_pct", "other_dg_classes",
] as const;
export type CustomsColumn = (typeof CUSTOMS_COLUMNS)[number];

export interface FieldError {
  field: CustomsColumn;
  key: MessageKey;
  vars?: MessageVars;
}

/** Words EU ICS2 rejects as a goods description (cross-border.md §4.1). */
const VAGUE = ["gift", "gifts", "clothes", "clothing", "goods", "merchandise", "sample", "samples", "parts", "accessories", "stuff", "items", "products", "various"];
const KNOWN_REGIONS = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
const KNOWN_CURRENCIES = new Set<string>(Intl.supportedValuesOf("currency"));

const digits = (key: MessageKey) => z.string().transform((v) => v.replace(/[\s.-]/g, "")).pipe(z.string().regex(/^\d+$/, key));
const positive = (key: MessageKey, max: number) => z.string().transform((v) => Number(v.replace(",", "."))).pipe(z.number({ error: key }).gt(0, key).max(max, key));

const national = (key: NationalHsKey) =>
  digits("skus.error.hsNationalLength").refine((v) => (NATIONAL_HS_DIGITS[key] as readonly number[]).includes(v.length), "skus.error.hsNationalLength");
/** The placeholders of a national code's error: which destination, how many digits. */
export const nationalVars = (key: NationalHsKey): MessageVars => ({ country: key, digits: NATIONAL_HS_DIGITS[key].join(" / ") });

/** Each column's text → its stored value. Wrapped below so every field is optional and nullable. */
const FIELDS = {
  sku: z.string().min(1, "skus.error.sku").max(100, "skus.error.sku"),
  hs_code: digits("skus.error.hsCode").pipe(z.string().length(6, "skus.error.hsCode")),
  ...(Object.fromEntries(NATIONAL_HS_KEYS.map((k) => [nationalColumn(k), national(k)])) as Record<`hs_${Lowercase<NationalHsKey>}`, ReturnType<typeof national>>),
  country_of_origin: z.string().toUpperCase().refine((c) => /^[A-Z]{2}$/.test(c) && KNOWN_REGIONS.of(c) !== undefined, "skus.error.country"),
  customs_description: z
    .string()
    .min(3, "skus.error.description")
    .max(200, "skus.error.description")
    .superRefine((v, ctx) => {
      const words = v.toLowerCase().split(/[^\p{L}]+/u).filter(Boolean);
      if (words.length > 0 && words.every((w) => VAGUE.includes(w))) ctx.addIssue({ code: "custom", message: "skus.error.descriptionVague", params: { word: v } });
    }),
  unit_value: z.string().regex(/^\d+([.,]\d+)?$/, "skus.error.unitValue").transform((v) => v.replace(",", ".")),
  currency: z.string().toUpperCase().refine((c) => KNOWN_CURRENCIES.has(c), "skus.error.currency"),
  weight_grams: z.string().regex(/^\d+$/, "skus.error.weight").transform(Number).pipe(z.number().max(1_000_000, "skus.error.weight")),
  material: z.string().max(200, "skus.error.material"),
  lithium: z
    .string()
    .transform((v) => LITHIUM_ALIASES[v.toUpperCase()] ?? v.toLowerCase())
    .pipe(z.enum(LITHIUM_VALUES, "skus.error.lithium")),
  watt_hours: positive("skus.error.wattHours", 100_000),
  watt_hours_per_cell: positive("skus.error.wattHours", 100_000),
  lithium_grams: positive("skus.error.lithiumGrams", 10_000),
  state_of_charge_pct: z.string().transform((v) => Number(v.replace("%", ""))).pipe(z.number({ error: "skus.error.soc" }).min(0, "skus.error.soc").max(100, "skus.error.soc")),
  other_dg_classes: z
    .string()
    .transform((v) => [...new Set(v.split(/[;|,]/).map((c) => c.trim().toLowerCase()).filter(Boolean))])
    .superRefine((list, ctx) => {
      for (const c of list) {
        if (!OTHER_DG_CLASSES.includes(c as OtherDgClass)) ctx.addIssue({ code: "custom", message: "skus.error.otherClasses", params: { value: c, allowed: OTHER_DG_CLASSES.join(", ") } });
      }
    })
    .transform((list) => list as OtherDgClass[]),
};

type Fields = typeof FIELDS;
/** A parsed row: `undefined` = leave as stored, `null` = clear, a value = set. */
export type CustomsFieldsPatch = { [K in keyof Fields]?: z.output<Fields[K]> | null };

/** The shared schema: every column optional (absent = keep) and nullable (null = clear). */
export const CustomsFieldsSchema = z.object(
  Object.fromEntries(Object.entries(FIELDS).map(([k, s]) => [k, (s as z.ZodType).nullable().optional()])) as { [K in keyof Fields]: z.ZodOptional<z.ZodNullable<Fields[K]>> },
);

export type RawFields = Partial<Record<string, string | undefined | null>>;

/** Parses merchant text into a patch or per-field errors. Unknown keys are ignored. */
export function parseCustomsFields(raw: RawFields, opts: { blank: "clear" | "keep" }): { ok: true; patch: CustomsFieldsPatch } | { ok: false; errors: FieldError[] } {
  const input: Record<string, string | null> = {};
  for (const column of CUSTOMS_COLUMNS) {
    const value = raw[column];
    if (value === undefined || value === null) continue;
    const trimmed = value.trim();
    if (trimmed === "") {
      if (opts.blank === "clear" && column !== "sku") input[column] = null;
    } else {
      input[column] = trimmed;
    }
  }
  const parsed = CustomsFieldsSchema.safeParse(input);
  if (parsed.success) return { ok: true, patch: parsed.data as CustomsFieldsPatch };
  const errors: FieldError[] = [];
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0]) as CustomsColumn;
    if (errors.some((e) => e.field === field)) continue; // one message per field is enough to fix it
    const nationalKey = NATIONAL_HS_KEYS.find((k) => nationalColumn(k) === field);
    const vars = nationalKey ? nationalVars(nationalKey) : (issue as { params?: MessageVars }).params;
    errors.push({ field, key: issue.message as MessageKey, ...(vars ? { vars } : {}) });
  }
  return { ok: false, errors };
}
