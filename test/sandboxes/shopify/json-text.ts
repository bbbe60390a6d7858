/**
 * JSON text with bigint values written as exact integer literals: `JSON.stringify` cannot emit
 * them, and Shopify's REST-style webhook bodies carry ids above 2^53 as bare numbers.
 */
export function toJsonText(value: unknown): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "bigint":
      return value.toString();
    case "number":
      return Number.isFinite(value) ? String(value) : "null";
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "object":
      if (Array.isArray(value)) return `[${value.map(toJsonText).join(",")}]`;
      return `{${Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`)
        .join(",")}}`;
    default:
      throw new TypeError(`cannot serialise ${typeof value}`);
  }
}
