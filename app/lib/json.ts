/**
 * JSON parsing that never rounds a number: platforms send integer ids above 2^53 (Shopify order
 * 820982911946154508), which JSON.parse silently corrupts. Numbers that fit exactly stay numbers;
 * the rest arrive as their exact decimal text.
 */
import { isSafeNumber, parse } from "lossless-json";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function parseJsonExact(text: string | Buffer): JsonValue {
  const source = typeof text === "string" ? text : text.toString("utf8");
  return parse(source, null, (value: string) => (isSafeNumber(value) ? Number(value) : value)) as JsonValue;
}
