/**
 * TikTok's envelope `{ code, message, request_id }` mapped to our errors (contract §B.3). HTTP is
 * often 200 on failure, so `code` decides. 105xxx and 360xxx are token/authorisation failures
 * (EcomPHP's grouping); the throttle code is unverified, so HTTP 429 alone marks a throttle.
 */
import { PartnerError, PartnerThrottledError } from "../../lib/errors";
import { ChannelAuthError } from "../channel";

export const TIKTOK_SIGNATURE_INVALID = 106001;
const DEFAULT_RETRY_AFTER_MS = 1_000;

export function tiktokErrorFrom(status: number, envelope: { code?: unknown; message?: unknown; request_id?: unknown } | null, headers: Headers): PartnerError {
  const code = typeof envelope?.code === "number" ? envelope.code : -1;
  const text = `tiktok ${status} code ${code}: ${typeof envelope?.message === "string" ? envelope.message : "no message"} (request_id ${typeof envelope?.request_id === "string" ? envelope.request_id : "none"})`;
  if (status === 429) {
    const seconds = Number(headers.get("retry-after"));
    return new PartnerThrottledError(text, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_RETRY_AFTER_MS, { status });
  }
  const family = Math.floor(code / 1000);
  if (family === 105 || family === 360 || status === 401) return new ChannelAuthError("tiktok", text, { status });
  // A signature we computed wrong will be wrong on every retry.
  if (code === TIKTOK_SIGNATURE_INVALID) return new PartnerError("TIKTOK_SIGNATURE_INVALID", text, { status, retryable: false });
  if (status >= 500 || code === -1) return new PartnerError("TIKTOK_UNAVAILABLE", text, { status, retryable: true });
  return new PartnerError(`TIKTOK_${code}`, text, { status, retryable: false });
}
