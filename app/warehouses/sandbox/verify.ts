/**
 * Standard Webhooks signatures (contracts/marketplaces.md §0), as the sandbox 3PL and ShipBob send
 * them: HMAC-SHA256 over "<webhook-id>.<webhook-timestamp>.<raw body>" with the base64-decoded
 * bytes after "whsec_". Signing the id and timestamp with the body is what makes a replayed or
 * re-dated delivery fail. Written here rather than with the `standardwebhooks` package because its
 * verify reads the wall clock, and the staleness check must be testable with a frozen `now`.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHeaders, WebhookRefusal } from "../warehouse";

/** The reference libraries' tolerance, both directions (contract §0 step 6). */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

export interface SignedHeaders {
  deliveryId: string;
  /** Unix seconds. */
  timestamp: number;
}

const header = (headers: IncomingHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The HMAC key: base64 after "whsec_" (the prefix is optional, as in the reference libraries). */
export const secretKey = (secret: string): Buffer => Buffer.from(secret.startsWith("whsec_") ? secret.slice(6) : secret, "base64");

/** `v1,<base64>` for one delivery. */
export function signWebhook(secret: string, deliveryId: string, timestamp: number, rawBody: Uint8Array | string): string {
  const mac = createHmac("sha256", secretKey(secret));
  mac.update(`${deliveryId}.${timestamp}.`);
  mac.update(rawBody);
  return `v1,${mac.digest("base64")}`;
}

/**
 * Verifies signature and freshness. `secrets` may hold several during a rotation; any match
 * passes. Returns the signed id and timestamp, or a typed refusal; never throws.
 */
export function verifyStandardWebhook(
  headers: IncomingHeaders,
  rawBody: Uint8Array,
  secrets: readonly string[],
  now: Date = new Date(),
  toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS,
): SignedHeaders | WebhookRefusal {
  const deliveryId = header(headers, "webhook-id");
  const timestampText = header(headers, "webhook-timestamp");
  const signatures = header(headers, "webhook-signature");
  if (!deliveryId || !timestampText || !signatures) {
    return { ok: false, reason: "missing_headers", detail: "webhook-id, webhook-timestamp and webhook-signature are required" };
  }
  if (!/^\d{1,12}$/.test(timestampText)) return { ok: false, reason: "malformed", detail: "webhook-timestamp is not Unix seconds" };
  const timestamp = Number(timestampText);
  const skew = Math.abs(now.getTime() / 1000 - timestamp);
  // Freshness is judged after the signature: the timestamp is signed, so only a genuine delivery's
  // age means anything (an old genuine one is a replay; a forged one is just a bad signature).
  const expected = secrets.map((s) => Buffer.from(signWebhook(s, deliveryId, timestamp, rawBody).slice(3), "base64"));
  const matched = signatures.split(" ").some((item) => {
    const comma = item.indexOf(",");
    if (comma < 0 || item.slice(0, comma) !== "v1") return false;
    const given = Buffer.from(item.slice(comma + 1), "base64");
    return expected.some((e) => e.length === given.length && timingSafeEqual(e, given));
  });
  if (!matched) return { ok: false, reason: "bad_signature", detail: "no v1 signature matches the body" };
  if (skew > toleranceSeconds) {
    return { ok: false, reason: "stale", detail: `timestamp is ${Math.round(skew)} s from now (tolerance ${toleranceSeconds} s)` };
  }
  return { deliveryId, timestamp };
}
