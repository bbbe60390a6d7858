/**
 * The warehouse import file: ONE JSON document holding a merchant's products (SKUs with weight and
 * customs data) and warehouses (capabilities, cut-off, fees, lanes with costs, stock per SKU).
 * `corridor warehouses import <file>` and the demo seed load it; docs/warehouse-import.md documents
 * it with an example. Money is integer minor units of the currency named beside it.
 *
 * The schema checks each field; `parseWarehouseImportFile` then checks what spans fields (unique
 * codes, stock only for declared SKUs, min ≤ max transit) and reports every problem with its path
 * ("warehouses[2].lanes[0].currency: …"), so a merchant fixes the file in one pass.
 */
import { z } from "zod";
import type { CandidateWarehouse } from "~/domain/routing/types";

const KNOWN_CURRENCIES = new Set<string>(Intl.supportedValuesOf("currency"));

const Country = z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code in upper case, like \"US\"");
const Currency = z.string().refine((c) => KNOWN_CURRENCIES.has(c), "must be an ISO 4217 currency code, like \"USD\"");
const Minor = z.number().int("must be a whole number of minor units (cents), not a decimal").nonnegative();
const Sku = z.string().min(1).max(100).regex(/^\S(.*\S)?$/, "must not start or end with spaces");

const TimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    // Intl throws RangeError for an unknown zone; the refinement's message says so.
    return false;
  }
}, "must be an IANA time zone, like \"Asia/Ho_Chi_Minh\"");

export const DangerousGoodsSchema = z.strictObject({
  lithium: z.enum(["none", "ion_in_equipment", "ion_with_equipment", "ion_loose", "metal_in_equipment", "metal_with_equipment", "metal_loose"]).optional(),
  wattHours: z.number().positive().optional(),
  otherClasses: z.array(z.string().min(1)).optional(),
});

export const ProductSchema = z.strictObject({
  sku: Sku,
  title: z.string().min(1).optional(),
  weightGrams: z.number().int().positive("must be the unit's shipping weight in grams"),
  /** Declared value per unit, minor units of `currency`. */
  unitValue: Minor.optional(),
  currency: Currency.optional(),
  /** 6-digit HS subheading or a national 8–10 digit code, digits only. */
  hsCode: z.string().regex(/^\d{6,10}$/, "must be 6 to 10 digits, without dots").optional(),
  hsCodesByCountry: z.record(Country, z.string().regex(/^\d{6,10}$/, "must be 6 to 10 digits, without dots")).optional(),
  countryOfOrigin: Country.optional(),
  customsDescription: z.string().min(1).optional(),
  material: z.string().min(1).optional(),
  dangerousGoods: DangerousGoodsSchema.optional(),
}).refine((p) => p.unitValue === undefined || p.currency !== undefined, { message: "unitValue needs a currency", path: ["currency"] });

export const LaneSchema = z.strictObject({
  destinations: z.array(Country).min(1, "must list at least one destination country"),
  mode: z.enum(["air", "sea", "ground", "express"]),
  carrier: z.string().min(1).nullable().default(null),
  transitDaysMin: z.number().int().nonnegative(),
  transitDaysMax: z.number().int().nonnegative(),
  baseCost: Minor,
  perKgCost: Minor,
  surcharges: z.record(z.string().min(1), Minor).default({}),
  currency: Currency,
  allowsLithium: z.boolean().default(false),
  ddp: z.boolean().default(false),
});

/** Units on hand; the object form adds a safety buffer routing never allocates. */
export const StockEntrySchema = z.union([
  z.number().int().nonnegative(),
  z.strictObject({ onHand: z.number().int().nonnegative(), safetyBuffer: z.number().int().nonnegative().default(0) }),
]).transform((s) => (typeof s === "number" ? { onHand: s, safetyBuffer: 0 } : s));

export const WarehouseSchema = z.strictObject({
  /** Stable merchant-chosen code, unique in the file ("VN-HCM"). */
  code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, "must be 2–32 upper-case letters, digits or dashes, like \"VN-HCM\""),
  name: z.string().min(1),
  connector: z.enum(["sandbox", "shipbob", "amazon-mcf"]),
  /** Non-secret connector settings (base URL, partner location id); credentials come from config. */
  connectorConfig: z.record(z.string(), z.unknown()).default({}),
  countryCode: Country,
  kind: z.enum(["origin", "overseas"]),
  capabilities: z.strictObject({
    lithium: z.boolean().default(false),
    ddp: z.boolean().default(false),
    prohibited: z.array(z.string().min(1)).optional(),
  }).default({ lithium: false, ddp: false }),
  cutoffTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM on a 24-hour clock, like \"14:00\"").default("14:00"),
  timeZone: TimeZone,
  priority: z.number().int().default(0),
  handlingFee: Minor.default(0),
  feeCurrency: Currency.default("USD"),
  dutiesPrepaid: z.boolean().default(false),
  shopifyLocationId: z.string().min(1).optional(),
  active: z.boolean().default(true),
  lanes: z.array(LaneSchema).min(1, "needs at least one lane, or it can never ship"),
  stock: z.record(Sku, StockEntrySchema).default({}),
});

export const WarehouseImportSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1),
  products: z.array(ProductSchema),
  warehouses: z.array(WarehouseSchema).min(1, "must hold at least one warehouse"),
});

export type WarehouseImportFile = z.infer<typeof WarehouseImportSchema>;
export type ImportedWarehouse = z.infer<typeof WarehouseSchema>;
export type ImportedProduct = z.infer<typeof ProductSchema>;

export interface ImportProblem {
  /** Where, as a JS-like path: `warehouses[2].lanes[0].currency`, `warehouses[0].stock["SILK-01"]`. */
  path: string;
  message: string;
}

export type ImportParseResult = { ok: true; file: WarehouseImportFile } | { ok: false; problems: ImportProblem[] };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else if (typeof p === "string" && /^[A-Za-z_$][\w$]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out || "(file)";
}

/** Parses the file's text (or already-parsed JSON) and checks it whole; never throws on bad input. */
export function parseWarehouseImportFile(input: string | unknown): ImportParseResult {
  let raw: unknown = input;
  if (typeof input === "string") {
    try {
      raw = JSON.parse(input);
    } catch (error) {
      return { ok: false, problems: [{ path: "(file)", message: `is not valid JSON: ${(error as Error).message}` }] };
    }
  }
  const parsed = WarehouseImportSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  }
  const problems = crossCheck(parsed.data);
  return problems.length ? { ok: false, problems } : { ok: true, file: parsed.data };
}

function crossCheck(file: WarehouseImportFile): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const skus = new Set<string>();
  file.products.forEach((p, i) => {
    if (skus.has(p.sku)) problems.push({ path: `products[${i}].sku`, message: `duplicates SKU "${p.sku}"` });
    skus.add(p.sku);
  });
  const codes = new Set<string>();
  file.warehouses.forEach((w, i) => {
    if (codes.has(w.code)) problems.push({ path: `warehouses[${i}].code`, message: `duplicates warehouse code "${w.code}"` });
    codes.add(w.code);
    w.lanes.forEach((l, j) => {
      if (l.transitDaysMin > l.transitDaysMax) {
        problems.push({ path: `warehouses[${i}].lanes[${j}].transitDaysMax`, message: `must be at least transitDaysMin (${l.transitDaysMin})` });
      }
    });
    for (const [sku, s] of Object.entries(w.stock)) {
      const at = formatPath(["warehouses", i, "stock", sku]);
      if (!skus.has(sku)) problems.push({ path: at, message: `SKU "${sku}" is not listed in products` });
      if (s.safetyBuffer > s.onHand) problems.push({ path: `${at}.safetyBuffer`, message: `is more than onHand (${s.onHand})` });
    }
  });
  return problems;
}

/** One sentence per problem, for the CLI and the error a failed import raises. */
export const describeProblems = (problems: readonly ImportProblem[]): string =>
  problems.map((p) => `${p.path}: ${p.message}`).join("\n");

/**
 * The file's active warehouses as routing candidates, ids = codes, available = onHand − safetyBuffer
 * (nothing is reserved in a file). The CLI's what-if routing and the tests use this without a database.
 */
export function candidatesFromImport(file: WarehouseImportFile): CandidateWarehouse[] {
  return file.warehouses.filter((w) => w.active).map((w) => ({
    id: w.code, code: w.code, name: w.name, countryCode: w.countryCode, kind: w.kind, priority: w.priority,
    capabilities: w.capabilities, handlingFee: w.handlingFee, feeCurrency: w.feeCurrency, cutoffTime: w.cutoffTime,
    timeZone: w.timeZone, dutiesPrepaid: w.dutiesPrepaid, lanes: w.lanes,
    stock: Object.fromEntries(Object.entries(w.stock).map(([sku, s]) => [sku, Math.max(0, s.onHand - s.safetyBuffer)])),
  }));
}
