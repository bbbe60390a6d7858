/**
 * All HTTP to the sandbox 3PL (Karrio's proxy.py role): base URL, API key, correlation id, a
 * timeout on every call, and the mapping of non-2xx answers through errors.ts. Knows nothing of
 * orders; index.ts decides what to send and map.ts what it means.
 */
import { toPartnerError, toTransportError } from "./errors";

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface SandboxClientOptions {
  baseUrl: string;
  apiKey: string;
  /** Per call, including reading the body. */
  timeoutMs?: number;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

export interface SandboxCall {
  /** Operation name for errors and logs ("submitOrder"). */
  operation: string;
  method: "GET" | "POST";
  path: string;
  query?: Record<string, string | readonly string[] | undefined>;
  body?: unknown;
  idempotencyKey?: string;
  correlationId?: string;
  signal?: AbortSignal;
  /** Non-2xx statuses the caller interprets itself (404 → null, 409 on cancel → too late). */
  accept?: readonly number[];
}

export interface SandboxAnswer {
  status: number;
  /** Raw text: an empty create answer is meaningful (MCF-style), so no JSON parsing here. */
  text: string;
  headers: Headers;
}

export interface SandboxClient {
  call(call: SandboxCall): Promise<SandboxAnswer>;
}

export function createSandboxClient(options: SandboxClientOptions): SandboxClient {
  const base = options.baseUrl.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;

  return {
    async call(call) {
      const url = new URL(base + call.path);
      for (const [key, value] of Object.entries(call.query ?? {})) {
        if (value === undefined) continue;
        for (const v of typeof value === "string" ? [value] : value) url.searchParams.append(key, v);
      }
      const headers: Record<string, string> = { "x-api-key": options.apiKey, accept: "application/json" };
      if (call.correlationId) headers["x-correlation-id"] = call.correlationId;
      if (call.idempotencyKey) headers["idempotency-key"] = call.idempotencyKey;
      if (call.body !== undefined) headers["content-type"] = "application/json";

      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = call.signal ? AbortSignal.any([timeout, call.signal]) : timeout;
      let status: number;
      let text: string;
      let responseHeaders: Headers;
      try {
        const response = await doFetch(url, {
          method: call.method,
          headers,
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          signal,
        });
        status = response.status;
        responseHeaders = response.headers;
        // The timeout also covers a partner that sends headers and then stalls the body.
        text = await response.text();
      } catch (error) {
        if (call.signal?.aborted && !timeout.aborted) {
          throw toTransportError(call.operation, call.signal.reason ?? error, { timedOut: false, correlationId: call.correlationId });
        }
        throw toTransportError(call.operation, error, { timedOut: timeout.aborted, correlationId: call.correlationId });
      }
      if ((status >= 200 && status < 300) || call.accept?.includes(status)) return { status, text, headers: responseHeaders };
      throw toPartnerError({
        operation: call.operation,
        status,
        body: text,
        retryAfter: responseHeaders.get("retry-after"),
        correlationId: call.correlationId,
      });
    },
  };
}
