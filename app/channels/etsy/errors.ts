/**
 * Etsy's errors mapped to ours. API errors are `{ "error": "..." }` (IErrorSchema, contract §A.4);
 * OAuth errors are RFC 6749 `{ error, error_description }` (§A.2). 429 carries no rate-limit
 * headers and `retry-after` is unverified, so we fall back to one second (QPS is evaluated first).
 */
import { PartnerError, PartnerThrottledError } from "../../lib/errors";
import { ChannelAuthError } from "../channel";

const DEFAULT_RETRY_AFTER_MS = 1_000;

export function etsyErrorFrom(status: number, body: unknown, headers: Headers): PartnerError {
  const record = (body ?? {}) as { error?: unknown; error_description?: unknown };
  const error = typeof record.error === "string" ? record.error : `HTTP ${status}`;
  const detail = typeof record.error_description === "string" ? `${error}: ${record.error_description}` : error;
  if (status === 429) {
    const seconds = Number(headers.get("retry-after"));
    const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_RETRY_AFTER_MS;
    return new PartnerThrottledError(`etsy throttled: ${detail}`, retryAfterMs, { status });
  }
  // invalid_token / invalid_grant: an expired, revoked or rotated-away token; the merchant reconnects.
  if (status === 401 || error === "invalid_grant" || error === "invalid_token") {
    return new ChannelAuthError("etsy", detail, { status });
  }
  if (status >= 500) return new PartnerError("ETSY_UNAVAILABLE", `etsy ${status}: ${detail}`, { status, retryable: true });
  return new PartnerError(`ETSY_${status}`, `etsy ${status}: ${detail}`, { status, retryable: false });
}
