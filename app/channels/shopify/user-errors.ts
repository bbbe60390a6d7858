/**
 * Shopify mutations report business failures as HTTP 200 with `data.<mutation>.userErrors[]`,
 * not in `errors[]` (contract §7). Any entry becomes a ShopifyUserErrorsError, so a caller never
 * mistakes a refused mutation for a success.
 */
import { PartnerError } from "~/lib/errors";

export interface ShopifyUserError {
  field?: readonly string[] | null;
  message: string;
  /** Present on the typed user errors (e.g. InventorySetQuantitiesUserError). */
  code?: string | null;
}

/**
 * Codes after which repeating the same call can succeed: a stale compare-and-swap after a re-read
 * (CHANGE_FROM_QUANTITY_STALE), a concurrent request with the same idempotency key.
 */
const RETRYABLE_CODES = new Set(["CHANGE_FROM_QUANTITY_STALE", "COMPARE_QUANTITY_STALE", "IDEMPOTENCY_CONCURRENT_REQUEST"]);

export class ShopifyUserErrorsError extends PartnerError {
  /** The mutation's root field, e.g. `inventorySetQuantities`. */
  readonly mutation: string;
  readonly userErrors: readonly ShopifyUserError[];
  /** Every distinct non-empty `code`, in order of appearance. */
  readonly codes: readonly string[];

  constructor(mutation: string, userErrors: readonly ShopifyUserError[]) {
    const codes = [...new Set(userErrors.map((e) => e.code).filter((c): c is string => !!c))];
    const summary = userErrors.map((e) => `${e.field?.join(".") ?? "-"}: ${e.message}`).join("; ");
    super(codes[0] ?? "SHOPIFY_USER_ERRORS", `${mutation} refused: ${summary}`, {
      status: 200,
      retryable: codes.some((c) => RETRYABLE_CODES.has(c)),
    });
    this.mutation = mutation;
    this.userErrors = userErrors;
    this.codes = codes;
  }

  /** The compare-and-swap lost: re-read the level and retry with the fresh changeFromQuantity. */
  get isStale(): boolean {
    return this.codes.includes("CHANGE_FROM_QUANTITY_STALE");
  }
}

/** Throws if any root field of a mutation result carries userErrors; returns the data untouched. */
export function assertNoUserErrors<T>(data: T): T {
  if (data === null || typeof data !== "object") return data;
  for (const [field, payload] of Object.entries(data as Record<string, unknown>)) {
    const errors = (payload as { userErrors?: ShopifyUserError[] } | null)?.userErrors;
    if (Array.isArray(errors) && errors.length > 0) throw new ShopifyUserErrorsError(field, errors);
  }
  return data;
}
