/** Reads Postgres error details through Drizzle's wrapping (DrizzleQueryError keeps the driver error as `cause`). */
interface PgErrorLike {
  code?: string;
  constraint_name?: string;
  message?: string;
}

export function pgErrorOf(error: unknown): PgErrorLike | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const candidate = e as PgErrorLike;
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
  }
  return undefined;
}

/** The violated constraint's name, when the error is a constraint violation. */
export const violatedConstraint = (error: unknown): string | undefined => pgErrorOf(error)?.constraint_name;

/** Connection-level failures (server down, refused, timed out): the caller should answer 503 / retry. */
export function isConnectionError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: string }).code;
    if (code && ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "57P01", "57P03", "08006", "08001", "08003"].includes(code)) return true;
  }
  return false;
}
