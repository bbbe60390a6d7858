/**
 * Sandbox 3PL answers → Corridor errors (Karrio's error.py role). Retry decisions are made here
 * once, by status, so the dispatch job only reads `retryable`: 5xx and timeouts retry, 429 waits
 * Retry-After, every other 4xx is the request's fault and becomes an exception for the merchant.
 */
import { PartnerError, PartnerThrottledError } from "~/lib/errors";
import { WireError } from "./schema";

/** Used when a 429 carries no usable Retry-After. */
export const DEFAULT_RETRY_AFTER_MS = 1_000;
/** A partner asking for more than this is capped: the job would outlive its lock otherwise. */
export const MAX_RETRY_AFTER_MS = 15 * 60_000;

export interface FailedCall {
  operation: string;
  status: number;
  body: string;
  retryAfter?: string | null;
  correlationId?: string;
}

/** Retry-After is delta-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number {
  if (!value) return DEFAULT_RETRY_AFTER_MS;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.min(MAX_RETRY_AFTER_MS, Math.round(Number(trimmed) * 1000));
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return DEFAULT_RETRY_AFTER_MS;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - now.getTime()));
}

function describe(call: FailedCall, code: string, message: string): string {
  const corr = call.correlationId ? ` correlation=${call.correlationId}` : "";
  return `sandbox-3pl ${call.operation}: HTTP ${call.status} ${code}: ${message}${corr}`;
}

/** The merchant-facing sentence for refusals the merchant can act on. */
function merchantMessageFor(code: string, message: string): string {
  switch (code) {
    case "OUT_OF_STOCK":
      return `The sandbox 3PL has no stock for this order (${message}). Adjust stock or choose another warehouse.`;
    case "UNKNOWN_WAREHOUSE":
      return "The sandbox 3PL does not know this warehouse location. Check the warehouse's partner location id in settings.";
    case "UNAUTHORIZED":
    case "FORBIDDEN":
      return "The sandbox 3PL refused our API key. Check the warehouse's API key in settings.";
    case "IDEMPOTENCY_CONFLICT":
      return "This shipment was already sent to the warehouse with different contents. Contact support before resending.";
    default:
      return `The sandbox 3PL refused this order: ${message}. Correct the order or choose another warehouse.`;
  }
}

/** Maps a non-2xx answer. Never throws itself; returns the error to throw. */
export function toPartnerError(call: FailedCall, now: Date = new Date()): PartnerError {
  let code = `HTTP_${call.status}`;
  let message = call.body.slice(0, 300) || "(empty body)";
  try {
    const parsed = WireError.safeParse(JSON.parse(call.body));
    if (parsed.success) {
      code = parsed.data.error.code;
      message = parsed.data.error.field ? `${parsed.data.error.message} (field ${parsed.data.error.field})` : parsed.data.error.message;
    }
  } catch {
    // Not JSON (a proxy's HTML error page): keep the raw text as the operator detail.
  }
  const text = describe(call, code, message);
  if (call.status === 429) {
    return new PartnerThrottledError(text, parseRetryAfter(call.retryAfter, now), { status: 429 });
  }
  if (call.status >= 500 || call.status === 408) {
    return new PartnerError(code, text, { status: call.status, retryable: true });
  }
  if (call.status === 401 || call.status === 403) code = call.status === 401 ? "UNAUTHORIZED" : "FORBIDDEN";
  if (call.status === 409 && code === `HTTP_409`) code = "IDEMPOTENCY_CONFLICT";
  if (call.status === 404 && code === `HTTP_404`) code = "NOT_FOUND";
  return new PartnerError(code, text, { status: call.status, retryable: false, merchantMessage: merchantMessageFor(code, message) });
}

/** The call never got an answer: the partner may or may not have acted, so retry with the same key. */
export function toTransportError(operation: string, cause: unknown, opts: { timedOut: boolean; correlationId?: string }): PartnerError {
  const corr = opts.correlationId ? ` correlation=${opts.correlationId}` : "";
  return opts.timedOut
    ? new PartnerError("TIMEOUT", `sandbox-3pl ${operation}: no answer before the timeout${corr}`, { retryable: true, cause })
    : new PartnerError("NETWORK", `sandbox-3pl ${operation}: ${cause instanceof Error ? cause.message : String(cause)}${corr}`, { retryable: true, cause });
}

/** A 2xx whose body does not match the documented shape: a partner change, not a transient fault. */
export function toUnexpectedBody(operation: string, detail: string, correlationId?: string): PartnerError {
  const corr = correlationId ? ` correlation=${correlationId}` : "";
  return new PartnerError("UNEXPECTED_RESPONSE", `sandbox-3pl ${operation}: unexpected body: ${detail}${corr}`, { retryable: false });
}
