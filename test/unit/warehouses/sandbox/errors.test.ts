import { describe, expect, it } from "vitest";
import { PartnerError, PartnerThrottledError } from "~/lib/errors";
import { DEFAULT_RETRY_AFTER_MS, MAX_RETRY_AFTER_MS, parseRetryAfter, toPartnerError, toTransportError } from "~/warehouses/sandbox/errors";

const call = (status: number, body: unknown, retryAfter?: string) => ({
  operation: "submitOrder",
  status,
  body: typeof body === "string" ? body : JSON.stringify(body),
  retryAfter,
  correlationId: "corr-1",
});

describe("toPartnerError", () => {
  it("makes a 503 a retryable PartnerError naming the operation, code and correlation id", () => {
    const error = toPartnerError(call(503, { error: { code: "UNAVAILABLE", message: "down" } }));
    expect(error).toBeInstanceOf(PartnerError);
    expect(error).toMatchObject({ code: "UNAVAILABLE", retryable: true, status: 503 });
    expect(error.message).toContain("submitOrder");
    expect(error.message).toContain("correlation=corr-1");
  });

  it("makes a 429 a PartnerThrottledError waiting Retry-After seconds", () => {
    const error = toPartnerError(call(429, { error: { code: "RATE_LIMITED", message: "slow" } }, "7"));
    expect(error).toBeInstanceOf(PartnerThrottledError);
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 7000 });
  });

  it("makes a 422 out-of-stock a final error with a sentence for the merchant", () => {
    const error = toPartnerError(call(422, { error: { code: "OUT_OF_STOCK", message: "MUG at US-RNO: 0 available, 1 ordered", field: "lines" } }));
    expect(error).toMatchObject({ code: "OUT_OF_STOCK", retryable: false, status: 422 });
    expect(error.merchantMessage).toMatch(/Adjust stock or choose another warehouse/);
  });

  it.each([
    [401, "UNAUTHORIZED"],
    [403, "FORBIDDEN"],
    [409, "IDEMPOTENCY_CONFLICT"],
    [404, "NOT_FOUND"],
  ])("makes a bare %i final with code %s", (status, code) => {
    const error = toPartnerError(call(status, ""));
    expect(error).toMatchObject({ code, retryable: false });
    expect(error.merchantMessage).toBeTruthy();
  });

  it("keeps a proxy's non-JSON 502 page as operator detail and still retries", () => {
    const error = toPartnerError(call(502, "<html>Bad Gateway</html>"));
    expect(error).toMatchObject({ code: "HTTP_502", retryable: true });
    expect(error.message).toContain("Bad Gateway");
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds, an HTTP-date, and falls back when absent or garbled", () => {
    const now = new Date("2026-11-24T00:00:00Z");
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter("Tue, 24 Nov 2026 00:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter(undefined, now)).toBe(DEFAULT_RETRY_AFTER_MS);
    expect(parseRetryAfter("soon", now)).toBe(DEFAULT_RETRY_AFTER_MS);
    expect(parseRetryAfter("86400", now)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe("toTransportError", () => {
  it("makes a timeout and a reset retryable, since the same reference makes a retry safe", () => {
    expect(toTransportError("submitOrder", new Error("aborted"), { timedOut: true })).toMatchObject({ code: "TIMEOUT", retryable: true });
    expect(toTransportError("submitOrder", new Error("ECONNRESET"), { timedOut: false })).toMatchObject({ code: "NETWORK", retryable: true });
  });
});
