/**
 * One base error with a stable code, whether a retry can help, and an optional sentence for the
 * merchant. One `instanceof`/`retryable` check decides retries (see queues/processor edge).
 */
export class CorridorError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly merchantMessage?: string;
  constructor(code: string, message: string, opts: { retryable?: boolean; merchantMessage?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = opts.retryable ?? false;
    this.merchantMessage = opts.merchantMessage;
  }
}

/** A payload we cannot understand; retrying the same bytes will not help. */
export class InvalidPayloadError extends CorridorError {
  constructor(code: string, message: string, opts: { merchantMessage?: string; cause?: unknown } = {}) {
    super(code, message, { ...opts, retryable: false });
  }
}

/** A partner (3PL or platform) failed; transient unless told otherwise. */
export class PartnerError extends CorridorError {
  readonly status?: number;
  constructor(code: string, message: string, opts: { status?: number; retryable?: boolean; merchantMessage?: string; cause?: unknown } = {}) {
    super(code, message, { retryable: opts.retryable ?? true, merchantMessage: opts.merchantMessage, cause: opts.cause });
    this.status = opts.status;
  }
}

/** The partner asked us to slow down; wait retryAfterMs before the next call. */
export class PartnerThrottledError extends PartnerError {
  constructor(message: string, readonly retryAfterMs: number, opts: { status?: number; cause?: unknown } = {}) {
    super("THROTTLED", message, { ...opts, retryable: true });
  }
}

/** Not enough stock where the plan expected it (lost a race); re-route. */
export class StockConflictError extends CorridorError {
  constructor(message: string, opts: { cause?: unknown } = {}) {
    super("STOCK_CONFLICT", message, { ...opts, retryable: true });
  }
}

export const isRetryable = (error: unknown): boolean => !(error instanceof CorridorError) || error.retryable;
