/** Field errors as sentences: "HS code (United States): US tariff codes have 10 digits." Pure; the UI and the CLI share it. */
import type { MessageKey, Translate } from "../i18n/translate";
import type { CustomsColumn, FieldError } from "./customs-fields";

export const fieldLabelKey = (field: CustomsColumn) => `skus.field.${field}` as MessageKey;

export const describeFieldError = (t: Translate, e: FieldError): string => `${t(fieldLabelKey(e.field))}: ${t(e.key, e.vars)}`;

/** Errors keyed by field, the first per field, for a form's `error` props. */
export function errorsByField(t: Translate, errors: readonly FieldError[] | undefined): Partial<Record<CustomsColumn, string>> {
  const out: Partial<Record<CustomsColumn, string>> = {};
  for (const e of errors ?? []) out[e.field] ??= t(e.key, e.vars);
  return out;
}
