/**
 * The one way Corridor talks to the Shopify Admin GraphQL API. Typed by codegen: `request(OP,
 * vars)` accepts only `Corridor…` operations from ./operations and returns their generated result
 * type. It paces itself on the shop's cost bucket, retries THROTTLED (200 or 429) and transient
 * failures, and turns every other failure into a CorridorError subclass (contract §5, §7).
 */
import type { AdminMutations, AdminQueries } from "@shopify/admin-api-client";
import { PartnerError, PartnerThrottledError } from "~/lib/errors";
import { ChannelAuthError } from "../channel";
import type { Logger } from "~/lib/logger.server";
import { adminGraphqlPath } from "./api-version";
import { defaultThrottleRegistry, type ThrottleRegistry, type ThrottleStatus } from "./throttle";
import { assertNoUserErrors } from "./user-errors";

type Operations = AdminQueries & AdminMutations;
/** Only the operations codegen found: the base interfaces' `[key: string]` signature is dropped. */
type KnownKeys<T> = keyof { [K in keyof T as string extends K ? never : K]: T[K] };
export type AdminOperation = KnownKeys<Operations> & string;
export type AdminVariables<Op extends AdminOperation> = Operations[Op]["variables"];
export type AdminResult<Op extends AdminOperation> = Operations[Op]["return"];

type VariablesArg<Op extends AdminOperation> =
  Record<string, never> extends AdminVariables<Op> ? [variables?: AdminVariables<Op>] : [variables: AdminVariables<Op>];

export interface AdminClientOptions {
  /** `acme.myshopify.com`. */
  shopDomain: string;
  /** Offline Admin API token. Sent only in X-Shopify-Access-Token; never logged. */
  accessToken: string;
  /** Overrides `https://{shopDomain}` (the local sandbox, e.g. `http://127.0.0.1:4010`). */
  origin?: string;
  logger: Logger;
  /** Shared per-shop bucket estimates; defaults to the process-wide registry. */
  throttle?: ThrottleRegistry;
  /** Attempts after a 5xx or network failure (jittered exponential back-off). Default 4. */
  maxTransientRetries?: number;
  /** Attempts after THROTTLED before giving up with PartnerThrottledError. Default 8. */
  maxThrottleRetries?: number;
  /** Per-attempt timeout. Default 30 s. */
  timeoutMs?: number;
  /** First back-off step for transient failures. Default 250 ms. */
  baseBackoffMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Called once before a 401 is thrown: the token is revoked or expired (the caller flags the connection). */
  onUnauthorized?: (error: ChannelAuthError) => Promise<void>;
}

export interface AdminClient {
  readonly shopDomain: string;
  request<Op extends AdminOperation>(operation: Op, ...args: VariablesArg<Op>): Promise<AdminResult<Op>>;
}

interface GraphqlError {
  message: string;
  extensions?: { code?: string; [k: string]: unknown };
}
interface CostExtension {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}
interface GraphqlEnvelope {
  data?: unknown;
  errors?: GraphqlError[];
  extensions?: { cost?: CostExtension };
}

/** Statuses after which the same request can succeed later; others are our bug or the merchant's. */
const TRANSIENT_STATUSES = new Set([500, 502, 503, 504, 520, 522, 524, 530, 540]);
/** Before the first response for an operation we do not know its cost; assume a mid-sized query. */
const DEFAULT_COST_GUESS = 50;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function operationName(operation: string): string {
  return /\b(?:query|mutation)\s+(\w+)/.exec(operation)?.[1] ?? "anonymous";
}

/**
 * A repeated query is harmless and an `@idempotent` mutation is deduplicated by Shopify; any other
 * mutation might run twice if we resend after a response we never saw.
 */
function safeToRepeat(operation: string): boolean {
  return !/^\s*(?:#graphql\s*)?mutation\b/.test(operation) || /@idempotent\s*\(/.test(operation);
}

export function createAdminClient(options: AdminClientOptions): AdminClient {
  const origin = (options.origin ?? `https://${options.shopDomain}`).replace(/\/$/, "");
  const url = `${origin}${adminGraphqlPath()}`;
  const bucket = (options.throttle ?? defaultThrottleRegistry).forShop(options.shopDomain);
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? realSleep;
  const maxTransient = options.maxTransientRetries ?? 4;
  const maxThrottled = options.maxThrottleRetries ?? 8;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const baseBackoffMs = options.baseBackoffMs ?? 250;
  const costByOperation = new Map<string, number>();
  const log = options.logger.child({ shop: options.shopDomain, channel: "shopify" });

  async function request<Op extends AdminOperation>(operation: Op, ...args: VariablesArg<Op>): Promise<AdminResult<Op>> {
    const name = operationName(operation);
    const body = JSON.stringify({ query: operation, variables: args[0] ?? {} });
    const repeatable = safeToRepeat(operation);
    let transientFailures = 0;
    let throttled = 0;

    for (;;) {
      const cost = costByOperation.get(name) ?? DEFAULT_COST_GUESS;
      const waitMs = bucket.waitMsFor(cost);
      if (waitMs > 0) {
        log.debug({ operation: name, waitMs, cost }, "pacing before Shopify's bucket runs dry");
        await sleep(waitMs);
      }
      const release = bucket.reserve(cost);
      let response: Response;
      let text: string;
      try {
        response = await doFetch(url, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            Accept: "application/json",
            "X-Shopify-Access-Token": options.accessToken,
          },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        release();
        // Refused connections never reached Shopify; anything later may have executed.
        const notSent = (error as { cause?: { code?: string } }).cause?.code === "ECONNREFUSED";
        if ((repeatable || notSent) && transientFailures < maxTransient) {
          const delay = backoff(transientFailures++);
          log.warn({ operation: name, attempt: transientFailures, delayMs: delay, err: String(error) }, "Shopify unreachable; retrying");
          await sleep(delay);
          continue;
        }
        throw new PartnerError(repeatable ? "SHOPIFY_UNREACHABLE" : "SHOPIFY_OUTCOME_UNKNOWN", `${name}: request to Shopify failed: ${String(error)}`, {
          retryable: true,
          cause: error,
        });
      }
      release();

      const envelope = parseEnvelope(text);
      const costInfo = envelope?.extensions?.cost;
      if (costInfo) {
        bucket.observe(costInfo.throttleStatus);
        costByOperation.set(name, costInfo.requestedQueryCost);
      }

      const isThrottled = response.status === 429 || envelope?.errors?.some((e) => e.extensions?.code === "THROTTLED");
      if (isThrottled) {
        // Shopify checks the bucket before executing, so a throttled call did nothing: always safe to resend.
        const retryAfterMs = throttleWaitMs(response, costInfo, cost, bucket.restoreRate);
        if (throttled++ < maxThrottled) {
          log.info({ operation: name, attempt: throttled, retryAfterMs, status: response.status }, "Shopify THROTTLED; backing off");
          await sleep(retryAfterMs);
          continue;
        }
        throw new PartnerThrottledError(`${name}: still throttled after ${maxThrottled} retries`, retryAfterMs, { status: response.status });
      }

      if (TRANSIENT_STATUSES.has(response.status)) {
        if (repeatable && transientFailures < maxTransient) {
          const delay = backoff(transientFailures++);
          log.warn({ operation: name, status: response.status, attempt: transientFailures, delayMs: delay }, "Shopify server error; retrying");
          await sleep(delay);
          continue;
        }
        throw new PartnerError(repeatable ? "SHOPIFY_SERVER_ERROR" : "SHOPIFY_OUTCOME_UNKNOWN", `${name}: Shopify answered ${response.status}`, {
          status: response.status,
          retryable: true,
        });
      }

      if (response.status === 401) {
        const error = new ChannelAuthError("shopify", `${name}: Shopify answered 401: the access token is invalid or revoked (app uninstalled?)`, { status: 401 });
        await options.onUnauthorized?.(error);
        throw error;
      }
      if (response.status < 200 || response.status >= 300) throw httpError(name, response.status);
      if (!envelope) throw new PartnerError("SHOPIFY_BAD_RESPONSE", `${name}: response is not GraphQL JSON`, { status: response.status, retryable: true });
      if (envelope.errors?.length) {
        const codes = envelope.errors.map((e) => e.extensions?.code ?? "GRAPHQL_ERROR");
        throw new PartnerError(
          codes.includes("INTERNAL_SERVER_ERROR") ? "SHOPIFY_SERVER_ERROR" : "SHOPIFY_GRAPHQL_ERRORS",
          `${name}: ${envelope.errors.map((e) => e.message).join("; ")}`,
          { status: response.status, retryable: codes.includes("INTERNAL_SERVER_ERROR") },
        );
      }
      log.debug({ operation: name, cost: costInfo?.actualQueryCost, available: costInfo?.throttleStatus.currentlyAvailable }, "Shopify call done");
      return assertNoUserErrors(envelope.data) as AdminResult<Op>;
    }
  }

  function backoff(attempt: number): number {
    // Full jitter: many workers retrying together should not hit Shopify in lockstep.
    return Math.round(Math.random() * baseBackoffMs * 2 ** attempt);
  }

  return { shopDomain: options.shopDomain, request };
}

function parseEnvelope(text: string): GraphqlEnvelope | undefined {
  try {
    const parsed = JSON.parse(text) as (GraphqlEnvelope & { errors?: unknown }) | null;
    if (!parsed || typeof parsed !== "object") return undefined;
    // Non-GraphQL failures (401, 404, 5xx) carry `"errors": "Not Found"`, a string, not a list.
    if (parsed.errors !== undefined && !Array.isArray(parsed.errors)) return { ...parsed, errors: [{ message: String(parsed.errors) }] };
    return parsed;
  } catch {
    return undefined; // HTML error pages from the edge: the status decides what happens next
  }
}

/** Time for the bucket to refill the points this request needs, or Retry-After when given. */
function throttleWaitMs(response: Response, cost: CostExtension | undefined, guess: number, restoreRate: number): number {
  const retryAfter = Number(response.headers.get("retry-after"));
  if (Number.isFinite(retryAfter) && retryAfter > 0) return retryAfter * 1000;
  if (cost) {
    const { currentlyAvailable, restoreRate: rate } = cost.throttleStatus;
    const missing = Math.max(1, cost.requestedQueryCost - currentlyAvailable);
    return Math.ceil((missing / rate) * 1000);
  }
  return Math.ceil((guess / restoreRate) * 1000);
}

function httpError(name: string, status: number): PartnerError {
  const known: Record<number, [string, string]> = {
    402: ["SHOPIFY_PAYMENT_REQUIRED", "the shop is frozen"],
    403: ["SHOPIFY_FORBIDDEN", "a scope is missing"],
    404: ["SHOPIFY_NOT_FOUND", "shop or API version not found"],
    423: ["SHOPIFY_SHOP_LOCKED", "the shop is locked"],
  };
  const [code, why] = known[status] ?? ["SHOPIFY_HTTP_ERROR", "unexpected status"];
  return new PartnerError(code, `${name}: Shopify answered ${status}: ${why}`, { status, retryable: false });
}
