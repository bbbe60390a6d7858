/**
 * A shop's preferences as stored in shops.settings (jsonb), always read through this schema so a row
 * written by an older version still yields a complete, valid object. Pure, so the settings form in
 * the browser shares the same choices.
 */
import { z } from "zod";

export const ROUTING_POLICIES = ["cheapest", "fastest", "balanced"] as const;
export const LANGUAGES = ["auto", "en", "vi"] as const;

/** The seller's tax registrations the customs core uses (IOSS, UK VAT, AU GST, JP consumption tax). */
export const CustomsRegistrationsSchema = z.object({
  ioss: z.string().trim().min(1).optional(),
  gb_vat: z.string().trim().min(1).optional(),
  au_gst: z.string().trim().min(1).optional(),
  jp_ct: z.string().trim().min(1).optional(),
});
export type CustomsRegistrations = z.infer<typeof CustomsRegistrationsSchema>;

export const ShopSettingsSchema = z.object({
  routingPolicy: z.enum(ROUTING_POLICIES).default("balanced"),
  /** Days from order to delivery promised to buyers; on-time rate is measured against it. */
  promiseDays: z.coerce.number().int().min(1).max(60).default(10),
  /** Most warehouses one order may be split across. */
  maxSplits: z.coerce.number().int().min(1).max(5).default(2),
  /** Units available (after the safety buffer) at or below which a SKU is flagged. */
  lowStockThreshold: z.coerce.number().int().min(0).max(100_000).default(5),
  /** "auto" follows the Shopify admin language. */
  language: z.enum(LANGUAGES).default("auto"),
  notifyOnException: z.coerce.boolean().default(true),
  /**
   * Optional rather than defaulted: the settings form does not send it, and a default here would make
   * writeShopSettings overwrite the stored registrations with {} on every save. Reads fill in {}.
   */
  customsRegistrations: CustomsRegistrationsSchema.optional(),
});

export type ShopSettings = z.infer<typeof ShopSettingsSchema>;

/** Parses stored settings; unknown or invalid fields fall back to defaults one by one. */
export function parseStoredSettings(raw: unknown): ShopSettings & { customsRegistrations: CustomsRegistrations } {
  const input = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const defaults = ShopSettingsSchema.parse({});
  const out: Record<string, unknown> = { ...defaults };
  for (const key of Object.keys(ShopSettingsSchema.shape) as (keyof ShopSettings)[]) {
    const field = ShopSettingsSchema.shape[key].safeParse(input[key]);
    if (field.success && input[key] !== undefined) out[key] = field.data;
  }
  out.customsRegistrations ??= {};
  return out as ShopSettings & { customsRegistrations: CustomsRegistrations };
}
