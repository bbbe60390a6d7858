/** Liveness and readiness: /healthz answers while the process runs; /readyz only when Postgres and Redis answer. */
import type { Redis } from "ioredis";
import type postgres from "postgres";

export interface Readiness {
  ok: boolean;
  postgres: "ok" | string;
  redis: "ok" | string;
}

const within = <T>(ms: number, p: Promise<T>) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref())]);

export async function checkReadiness(sql: postgres.Sql, redis: Redis): Promise<Readiness> {
  const [pg, rd] = await Promise.allSettled([within(2_000, sql`SELECT 1`), within(2_000, redis.ping())]);
  const describe = (r: PromiseSettledResult<unknown>) => (r.status === "fulfilled" ? "ok" : String((r.reason as Error)?.message ?? r.reason));
  const result = { postgres: describe(pg), redis: describe(rd) };
  return { ok: result.postgres === "ok" && result.redis === "ok", ...result };
}
