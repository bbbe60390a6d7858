/**
 * The settings form's customs registrations (shops.settings.customsRegistrations, read by routing's
 * duty term through app/routing/cost-terms.server.ts): format checks so a typo fails on save, not as
 * a parcel held at the border. Stored normalised (upper case, no spaces). A blank field removes the
 * registration, and the customs core then assumes tax is collected at the border.
 */
import { z } from "zod";
import type { CustomsRegistrations } from "../db/queries/shop-settings";

export const REGISTRATION_FIELDS = ["ioss", "gb_vat", "au_gst", "jp_ct"] as const satisfies readonly (keyof CustomsRegistrations)[];
export type RegistrationField = (typeof REGISTRATION_FIELDS)[number];

const compact = (v: string) => v.replace(/[\s.-]/g, "").toUpperCase();

/** ABN check: subtract 1 from the first digit, weight the 11 digits, the sum divides by 89 (ATO). */
export function isValidAbn(abn: string): boolean {
  if (!/^\d{11}$/.test(abn)) return false;
  const weights = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];
  const sum = [...abn].reduce((acc, d, i) => acc + (Number(d) - (i === 0 ? 1 : 0)) * weights[i]!, 0);
  return sum % 89 === 0;
}

const field = (check: (v: string) => string | undefined, error: string) =>
  z
    .string()
    .transform(compact)
    .transform((v, ctx) => {
      if (v === "") return undefined;
      const normalised = check(v);
      if (normalised === undefined) ctx.addIssue({ code: "custom", message: error });
      return normalised;
    });

export const RegistrationsFormSchema = z.object({
  /** IOSS: "IM" + 10 digits (EU, goods ≤ €150). */
  ioss: field((v) => (/^IM\d{10}$/.test(v) ? v : undefined), "ioss"),
  /** UK VAT: GB + 9 digits (12 for a branch); the GB prefix may be left out. */
  gb_vat: field((v) => (/^(GB)?(\d{9}|\d{12})$/.test(v) ? (v.startsWith("GB") ? v : `GB${v}`) : undefined), "gb_vat"),
  /** AU GST: an ABN (11 digits, checked) or, for the simplified system, an ATO reference number (12 digits). */
  au_gst: field((v) => (/^\d{12}$/.test(v) || isValidAbn(v) ? v : undefined), "au_gst"),
  /** JP consumption tax: qualified invoice issuer number, "T" + 13 digits. */
  jp_ct: field((v) => (/^T?\d{13}$/.test(v) ? (v.startsWith("T") ? v : `T${v}`) : undefined), "jp_ct"),
});

/** Form text → registrations to store, or the fields in error. Absent fields count as blank. */
export function parseRegistrationsForm(form: Partial<Record<string, unknown>>): { ok: true; registrations: CustomsRegistrations } | { ok: false; fields: RegistrationField[] } {
  const input = Object.fromEntries(REGISTRATION_FIELDS.map((f) => [f, typeof form[f] === "string" ? form[f] : ""]));
  const parsed = RegistrationsFormSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fields: [...new Set(parsed.error.issues.map((i) => i.path[0] as RegistrationField))] };
  return { ok: true, registrations: Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) as CustomsRegistrations };
}
