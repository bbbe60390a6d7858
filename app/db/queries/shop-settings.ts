/**
 * A shop's preferences as stored in shops.settings (jsonb), always read through this schema so a row
 * written by an older version still yields a complete, valid object. Pure, so the settings form in
 * the browser shares the same choices.
 */
import { z } from "zod";

export const ROUTING_POLICIES = ["cheapest", "fastest", "balanced"] as const;
export const LANGUAGES = ["auto", "en", "vi"] as const;

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
});

export type ShopSettings = z.infer<typeof ShopSettingsSchema>;

/** Parses stored settings; unknown or invalid fields fall back to defaults one by one. */
export function parseStoredSettings(raw: unknown): ShopSettings {
  const input = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const defaults = ShopSettingsSchema.parse({});
  const out: Record<string, unknown> = { ...defaults };
  for (const key of Object.keys(ShopSettingsSchema.shape) as (keyof ShopSettings)[]) {
    const field = ShopSettingsSchema.shape[key].safeParse(input[key]);
    if (field.success && input[key] !== undefined) out[key] = field.data;
  }
  return out as ShopSettings;
}
