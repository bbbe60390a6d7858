/** What the floor's two processes share: their table, queue and connections. No Corridor code runs in them. */
import { createServer } from "node:http";
import { Redis } from "ioredis";
import postgres from "postgres";
import { connectionOptions } from "../../app/db/client.server";

export const FLOOR_QUEUE = "floor-ingest";

/** The least an inbox can hold and still replay a delivery: its id, topic, headers and bytes. */
export const FLOOR_TABLE = `CREATE TABLE floor_inbox (
  id bigserial PRIMARY KEY,
  delivery_id text NOT NULL UNIQUE,
  topic text NOT NULL,
  headers jsonb NOT NULL,
  raw_body text NOT NULL,
  status text NOT NULL DEFAULT 'pending',
  received_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz
)`;

export function floorEnv() {
  const need = (name: string) => process.env[name] ?? (() => { throw new Error(`${name} is not set`); })();
  return { databaseUrl: need("DATABASE_URL"), redisUrl: need("REDIS_URL"), prefix: need("FLOOR_PREFIX"), port: Number(need("PORT")) };
}

/** Postgres as Corridor's processes connect to it (same driver, pool size and socket). */
export function floorSql(url: string) {
  const { url: u, host } = connectionOptions(url);
  return postgres(u, { ...(host ? { host } : {}), max: 10, onnotice: () => {} });
}

export const floorRedis = (url: string) => new Redis(url, { maxRetriesPerRequest: null });

/** /healthz only, so the bench knows the process is up (bench/processes.ts startChild). */
export function healthOnly(port: number) {
  createServer((_req, res) => res.end("ok")).listen(port, "127.0.0.1");
}
