/**
 * The one place that reads process.env. Parsed and checked once; a missing or invalid value stops
 * the process with one line naming every bad variable. An empty secret must stop the boot.
 */
import { z } from "zod";
import { DEVELOPMENT_ENCRYPTION_KEYS, parseEncryptionKeys } from "./lib/secret-box.server";

const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a ${protocols.join(" or ")} URL`);

const encryptionKeys = z
  .string()
  .default(DEVELOPMENT_ENCRYPTION_KEYS)
  .superRefine((value, ctx) => {
    try {
      parseEncryptionKeys(value);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
    }
  });

export const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SHOPIFY_API_KEY: z.string().min(1),
  SHOPIFY_API_SECRET: z.string().min(1),
  SCOPES: z.string().min(1),
  SHOPIFY_APP_URL: url(["https:", "http:"]),
  DATABASE_URL: url(["postgres:", "postgresql:"]),
  REDIS_URL: url(["redis:", "rediss:"]),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Prefix of every BullMQ key, so several deployments (or test runs) share one Redis. */
  QUEUE_PREFIX: z.string().min(1).default("corridor"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Largest webhook body accepted, in bytes (Shopify order payloads are well under 1 MB). */
  WEBHOOK_MAX_BYTES: z.coerce.number().int().positive().default(1_048_576),
  /** Overrides the Shopify Admin API origin (the local sandbox); unset in production. */
  SHOPIFY_ADMIN_API_ORIGIN: z.string().optional(),
  /** Etsy Open API v3 app credentials; Etsy is off when unset. */
  ETSY_KEYSTRING: z.string().min(1).optional(),
  ETSY_SHARED_SECRET: z.string().min(1).optional(),
  /** Standard Webhooks signing secret ("whsec_…") of Corridor's Etsy webhook endpoint. */
  ETSY_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** Overrides https://api.etsy.com (the local sandbox); unset in production. */
  ETSY_API_ORIGIN: z.string().optional(),
  /** TikTok Shop Partner API app credentials; TikTok Shop is off when unset. */
  TIKTOK_APP_KEY: z.string().min(1).optional(),
  TIKTOK_APP_SECRET: z.string().min(1).optional(),
  TIKTOK_SERVICE_ID: z.string().optional(),
  /** Override TikTok's API and auth origins (the local sandbox); unset in production. */
  TIKTOK_API_ORIGIN: z.string().optional(),
  TIKTOK_AUTH_ORIGIN: z.string().optional(),
  /** Development-only sign-in as the seeded demo shop; refused when NODE_ENV=production. */
  CORRIDOR_DEMO_MODE: z.enum(["0", "1"]).default("0"),
  /**
   * Postgres connections per process. A worker runs WORKER_CONCURRENCY jobs per queue, and a job
   * waiting for a connection holds its queue slot, so workers need more than the web process.
   */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).optional(),
  /** Jobs each worker process runs at once, per queue. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** When set, the worker process answers GET /healthz on this port (127.0.0.1). */
  WORKER_HEALTH_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Basic-auth credentials for operator pages (bull-board), "user:password". */
  OPERATOR_CREDENTIALS: z.string().regex(/^[^:]+:.+$/, "must be user:password").optional(),
  /**
   * Keys sealing channel tokens and secrets at rest (AES-256-GCM): "kid:base64key,kid0:base64oldkey",
   * the first seals, all open. Required in production; elsewhere a built-in development key.
   */
  CORRIDOR_ENCRYPTION_KEYS: encryptionKeys,
});

export type Config = Readonly<z.infer<typeof EnvSchema>>;

export class ConfigInvalid extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join("; ")}`);
  }
}

/** Parses an environment; throws ConfigInvalid naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join(".");
      return env[name] === undefined || env[name] === "" ? `${name} is missing` : `${name} ${issue.message}`;
    });
    throw new ConfigInvalid(problems);
  }
  const config = result.data;
  if (config.NODE_ENV === "production" && config.CORRIDOR_DEMO_MODE === "1") {
    throw new ConfigInvalid(["CORRIDOR_DEMO_MODE=1 is refused when NODE_ENV=production"]);
  }
  checkProductionKeys(config, env);
  return Object.freeze(config);
}

/** Production seals real merchants' tokens: its keys must be its own, never the built-in one. */
function checkProductionKeys(config: { NODE_ENV: string; CORRIDOR_ENCRYPTION_KEYS: string }, env: Record<string, string | undefined>) {
  if (config.NODE_ENV !== "production") return;
  if (!env.CORRIDOR_ENCRYPTION_KEYS) throw new ConfigInvalid(["CORRIDOR_ENCRYPTION_KEYS is missing (production needs its own key: kid:$(openssl rand -base64 32))"]);
  if (config.CORRIDOR_ENCRYPTION_KEYS.includes(DEVELOPMENT_ENCRYPTION_KEYS.slice("dev:".length))) {
    throw new ConfigInvalid(["CORRIDOR_ENCRYPTION_KEYS must not use the development key when NODE_ENV=production"]);
  }
}

let cached: Config | undefined;

/** The process's config, parsed on first use; exits with one clear line when invalid. */
export function getConfig(): Config {
  if (cached) return cached;
  try {
    cached = parseConfig(process.env);
    return cached;
  } catch (error) {
    if (error instanceof ConfigInvalid) {
      process.stderr.write(`corridor: ${error.message}. See .env.example.\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** The operator CLI needs only the stores, not the Shopify app's secrets. */
export const CliEnvSchema = EnvSchema.pick({ NODE_ENV: true, DATABASE_URL: true, REDIS_URL: true, QUEUE_PREFIX: true, SHOPIFY_ADMIN_API_ORIGIN: true, CORRIDOR_ENCRYPTION_KEYS: true }).extend({
  REDIS_URL: EnvSchema.shape.REDIS_URL.default("redis://127.0.0.1:6379"),
});

export function parseCliConfig(env: Record<string, string | undefined>): z.infer<typeof CliEnvSchema> {
  const result = CliEnvSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigInvalid(result.error.issues.map((i) => `${i.path.join(".")} ${env[i.path.join(".")] ? i.message : "is missing"}`));
  }
  checkProductionKeys(result.data, env);
  return result.data;
}
