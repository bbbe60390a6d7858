/**
 * TikTok Shop's two signatures (contract §B.2, §B.6). They differ, and mixing them up is the
 * classic failure (code 106001):
 * - API requests: hex HMAC-SHA256 keyed by app_secret over
 *   `app_secret + path + sorted(key+value of query minus sign/access_token) + body + app_secret`.
 * - Webhooks: hex HMAC-SHA256 keyed by app_secret over `app_key + raw body`, in `Authorization`.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export interface RequestToSign {
  path: string;
  query: Readonly<Record<string, string>>;
  /** The exact bytes sent; signing a re-serialisation is how signatures break. */
  body?: string;
  contentType?: string;
}

export function signRequest(appSecret: string, request: RequestToSign): string {
  const params = Object.keys(request.query)
    .filter((key) => key !== "sign" && key !== "access_token")
    .sort() // byte order: keys are ASCII
    .map((key) => `${key}${request.query[key]}`)
    .join("");
  const isMultipart = (request.contentType ?? "").toLowerCase().startsWith("multipart/form-data");
  const body = !isMultipart && request.body ? request.body : "";
  const wrapped = `${appSecret}${request.path}${params}${body}${appSecret}`;
  return createHmac("sha256", appSecret).update(wrapped, "utf8").digest("hex");
}

export function signWebhook(appKey: string, appSecret: string, rawBody: Buffer): string {
  return createHmac("sha256", appSecret).update(Buffer.concat([Buffer.from(appKey, "utf8"), rawBody])).digest("hex");
}

/** Constant-time comparison of two lowercase-hex signatures. */
export function signaturesMatch(expectedHex: string, givenHex: string): boolean {
  const given = givenHex.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(expectedHex, "hex"), Buffer.from(given, "hex"));
}
