/** The warehouse form as the server accepts it; the route's types come from here. */
import { z } from "zod";

export const CONNECTORS = ["sandbox", "shipbob", "amazon-mcf"] as const;
export const LANE_MODES = ["air", "sea", "ground", "express"] as const;

const country = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{2}$/, "country"));
const minor = z.coerce.number().int("integer").min(0, "nonNegative");
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

export const LaneSchema = z
  .object({
    destinations: z.array(country).min(1, "destinations"),
    mode: z.enum(LANE_MODES),
    carrier: z.string().trim().max(60).optional().transform((v) => v || null),
    transitDaysMin: z.coerce.number().int().min(0).max(120),
    transitDaysMax: z.coerce.number().int().min(0).max(120),
    baseCost: minor,
    perKgCost: minor,
    currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "currency"),
    allowsLithium: z.boolean().default(false),
    ddp: z.boolean().default(false),
  })
  .refine((l) => l.transitDaysMax >= l.transitDaysMin, { message: "transitRange", path: ["transitDaysMax"] });

export const WarehouseFormSchema = z.object({
  code: z.string().trim().min(2, "code").max(20, "code").regex(/^[A-Za-z0-9-]+$/, "code").transform((v) => v.toUpperCase()),
  name: z.string().trim().min(1, "required").max(80),
  connector: z.enum(CONNECTORS),
  baseUrl: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.url({ protocol: /^https?$/ }).optional()),
  countryCode: country,
  kind: z.enum(["origin", "overseas"]),
  cutoffTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "time"),
  timeZone: z.string().trim().min(1).refine((tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "timeZone"),
  priority: z.coerce.number().int().min(0).max(1000),
  handlingFee: minor,
  feeCurrency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "currency"),
  lithium: checkbox,
  ddp: checkbox,
  dutiesPrepaid: checkbox,
  active: checkbox,
  lanes: z
    .string()
    .transform((raw, ctx) => {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "lanes" });
        return z.NEVER;
      }
    })
    .pipe(z.array(LaneSchema).max(50)),
});

export type WarehouseForm = z.infer<typeof WarehouseFormSchema>;
export type LaneForm = z.infer<typeof LaneSchema>;
